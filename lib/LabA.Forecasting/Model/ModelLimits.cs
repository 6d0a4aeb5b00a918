using System.Globalization;

namespace LabA.Forecasting.Model;

/// <summary>
/// The documented range of what a model is served with and answers in. Loads are non-negative (CPU%, requests or
/// passengers) and far below the point where the features' single-precision floats lose whole units; instants are
/// after the first cloud metrics and not ahead of the server's clock by more than a clock skew; horizons and steps are
/// the ones an autoscaler can use. Anything outside is a client or card error, refused with a reason, never a 5xx.
/// </summary>
public static class ModelLimits
{
    public const double MinValue = 0;
    public const double MaxValue = 1e9;
    public static readonly DateTimeOffset EarliestInstant = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary>How far an observation may be ahead of the server's clock: generous clock skew, not a forecast.</summary>
    public static readonly TimeSpan MaxObservationLead = TimeSpan.FromDays(1);
    /// <summary>A week: far beyond any pod's start-up time, near enough that adding it can never leave the calendar.</summary>
    public static readonly TimeSpan MaxHorizon = TimeSpan.FromDays(7);
    public static readonly TimeSpan MinStep = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(1);
    /// <summary>The version is a metric label and part of every answer: short and printable.</summary>
    public const int MaxVersionLength = 100;

    public static bool IsServableValue(double value) => double.IsFinite(value) && value is >= MinValue and <= MaxValue;

    /// <summary>Why <paramref name="value"/> is not a load this service takes, or null when it is.</summary>
    public static string? ValueProblem(double value) => IsServableValue(value)
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"{value} is outside the loads this service takes ({MinValue} to {MaxValue:0.#e0}, finite)");

    /// <summary>Why <paramref name="instant"/> is not an observation time this service takes at <paramref name="now"/>, or null when it is.</summary>
    public static string? ObservationTimeProblem(DateTimeOffset instant, DateTimeOffset now)
    {
        if (instant < EarliestInstant) return $"{instant:O} is before {EarliestInstant:yyyy-MM-dd}";
        if (instant - now > MaxObservationLead) return $"{instant:O} is more than {MaxObservationLead.TotalHours:0} hours ahead of the server's clock ({now:O})";
        return null;
    }
}
