using LabA.Forecasting.Series;

namespace LabA.Forecasting.Synthetic;

/// <summary>
/// The synthetic CPU% series: a daily cosine from a night trough at 04:00 to an afternoon peak at 16:00 UTC, a lower
/// swing on weekends, an optional surge, Gaussian noise and rare one-point bursts, clamped to 0..100. Deterministic
/// for a given seed: the value at an instant is the same whether a file holds it or the load source serves it live.
/// </summary>
public static class SyntheticLoad
{
    /// <summary>The share of the weekday swing above BASE_LOW that weekends keep.</summary>
    public const double WeekendFactor = 0.5;
    public const double SpikeMin = 15;
    public const double SpikeMax = 40;
    private const double TroughHour = 4;

    /// <summary>The curve without noise or bursts: what a perfect forecaster would predict.</summary>
    public static double NoiseFree(DateTimeOffset timestamp, SyntheticLoadOptions options)
    {
        var utc = timestamp.UtcDateTime;
        var hourOfDay = utc.TimeOfDay.TotalHours;
        var dailyShape = (1 - Math.Cos(2 * Math.PI * (hourOfDay - TroughHour) / 24)) / 2;
        var weekend = utc.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var swing = options.Weekly && weekend ? WeekendFactor : 1;
        var surging = options.SurgeAt is { } surgeAt && timestamp >= surgeAt && timestamp < surgeAt + options.SurgeDuration;
        return options.BaseLow + (options.BaseHigh - options.BaseLow) * dailyShape * swing + (surging ? options.Surge : 0);
    }

    public static LoadSeries Generate(SyntheticLoadOptions options)
    {
        options.Validate();
        var count = (int)(TimeSpan.FromDays(options.Days).Ticks / options.Step.Ticks);
        var points = Stream(options).Take(count).ToArray();
        return LoadSeries.Create([.. points.Select(point => point.Observation)], "synthetic", SeriesCsv.GeneratorValueColumn,
            [.. points.Select(point => point.NoiseFree)]);
    }

    /// <summary>Every point from <see cref="SyntheticLoadOptions.Start"/> on, without end: the first N are <see cref="Generate"/>'s series.</summary>
    public static IEnumerable<(Observation Observation, double NoiseFree)> Stream(SyntheticLoadOptions options)
    {
        options.Validate();
        var random = new Random(options.Seed);
        for (long i = 0; ; i++)
        {
            var timestamp = options.Start + options.Step * i;
            var noiseFree = NoiseFree(timestamp, options);
            var noise = options.NoiseStd * StandardNormal(random);
            var spike = random.NextDouble() < options.SpikeProbability ? SpikeMin + (SpikeMax - SpikeMin) * random.NextDouble() : 0;
            yield return (new Observation(timestamp, Math.Clamp(noiseFree + noise + spike, 0, 100)), noiseFree);
        }
    }

    /// <summary>Box-Muller: two uniforms in, one standard normal out.</summary>
    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
