using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

/// <summary>
/// A daily profile at five-minute steps whose level jumps by <see cref="Shift"/> inside the last 30 % (the hold-out) and
/// stays there, trained with <c>auto</c> once for the class at --holdout 0.3: the shape of ec2_cpu_utilization_ac20cd,
/// where a calendar model fitted before the jump forecasts the old level.
/// </summary>
public sealed class LevelShiftModel : IDisposable
{
    public const double Shift = 40;
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(5);
    public LoadSeries Series { get; } = Shifted(days: 10, seed: 3);
    /// <summary>The first index at the new level.</summary>
    public int ShiftIndex => (int)(Series.Count * 0.8);
    public ForecastModel Model { get; }

    public LevelShiftModel() => Model = Training.Train(Series, new TrainingOptions { HoldoutFraction = 0.3 });

    public static double Profile(DateTimeOffset timestamp) => 40 + 15 * Math.Cos(2 * Math.PI * (timestamp.UtcDateTime.TimeOfDay.TotalHours - 14) / 24);

    public static LoadSeries Shifted(int days, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var count = (int)(TimeSpan.FromDays(days) / Step);
        var observations = Enumerable.Range(0, count).Select(i =>
        {
            var t = start + i * Step;
            return new Observation(t, Profile(t) + (i >= (int)(count * 0.8) ? Shift : 0) + 4 * (random.NextDouble() - 0.5));
        }).ToArray();
        return LoadSeries.Create(observations, "level-shift.csv");
    }

    public void Dispose() => Model.Dispose();
}
