using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

/// <summary>
/// A load that changes regime every few hours, trained with <c>auto</c> once for the class: flat noise (where the
/// rolling mean is right) alternates with a random walk (where the last value is), so no single candidate is right
/// throughout and the adaptive mix, which follows whichever was right over its recent window, should win.
/// </summary>
public sealed class RegimeModel : IDisposable
{
    public LoadSeries Series { get; } = Regimes(days: 5, seed: 11);
    public ForecastModel Model { get; }

    public RegimeModel() => Model = Training.Train(Series, new TrainingOptions());

    public static LoadSeries Regimes(int days, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var level = 50.0;
        var observations = Enumerable.Range(0, days * 24 * 60).Select(i =>
        {
            var walking = i / 180 % 2 == 1;
            if (walking) level = Math.Clamp(level + 2 * Normal(), 5, 95);
            var value = walking ? level : level + 4 * Normal();
            return new Observation(start + TimeSpan.FromMinutes(i), value);
        }).ToArray();
        return LoadSeries.Create(observations, "regimes.csv");
    }

    public void Dispose() => Model.Dispose();
}
