using System.Globalization;
using LabA.Forecasting.Series;

namespace LabA.Forecasting.Promotion;

/// <summary>
/// How much history a retrain needs before it may train, choose and judge a model honestly. The hold-out at the end is
/// where the challenger, the champion and the baselines are ranked, so it must hold a whole day: load follows the day,
/// and a shorter slice ranks forecasters by the hours it happens to hold (a quiet night favours persistence). The part
/// before it must hold Holt-Winters' window of <see cref="HoltWinters.WindowSeasons"/> days, one of the baselines a
/// challenger has to beat, plus a day to fit its parameters and the model on and to take the validation slice (the
/// provisioning margin's errors) from. With the default 20 % hold-out both come to five days.
/// </summary>
public static class HistoryRequirement
{
    public static readonly TimeSpan MinimumHoldout = TimeSpan.FromDays(1);
    public static readonly TimeSpan MinimumTrainingPart = TimeSpan.FromDays(HoltWinters.WindowSeasons + 1);

    /// <summary>The shortest history that gives both parts their minimum when the last <paramref name="holdoutFraction"/> is held out.</summary>
    public static TimeSpan Minimum(double holdoutFraction)
    {
        var forHoldout = MinimumHoldout / holdoutFraction;
        var forTraining = MinimumTrainingPart / (1 - holdoutFraction);
        return forHoldout > forTraining ? forHoldout : forTraining;
    }

    /// <summary>Why <paramref name="series"/> is too short to retrain on, or null when it is long enough.</summary>
    public static string? Shortfall(LoadSeries series, double holdoutFraction)
    {
        var covered = series.Step * series.Count;
        var minimum = Minimum(holdoutFraction);
        if (covered >= minimum) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"history too short to retrain on honestly: {series.Count} points at {series.Step.TotalMinutes:0.##}-minute step cover {Days(covered)} " +
            $"({series.Start.UtcDateTime:yyyy-MM-dd HH:mm} .. {series.End.UtcDateTime:yyyy-MM-dd HH:mm} UTC); a retrain needs {Days(minimum)}: " +
            $"a hold-out of at least {Days(MinimumHoldout)} ({holdoutFraction:0.#%} of the history) to judge every hour of the day on, " +
            $"and {Days(MinimumTrainingPart)} before it for Holt-Winters' {HoltWinters.WindowSeasons}-day window, its fit and the validation slice");
    }

    private static string Days(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.##} days");
}
