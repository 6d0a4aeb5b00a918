using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

/// <summary>
/// <c>auto</c> trained once per series for the class: the synthetic load, the same load with a hold-out that behaves
/// differently (a random walk), and a random walk throughout, on which no candidate beats the last value.
/// </summary>
public sealed class AutoModels : IDisposable
{
    public LoadSeries Synthetic { get; } = TestSeries.Synthetic(days: 5);
    public LoadSeries OtherHoldout { get; }
    public LoadSeries Walk { get; } = RandomWalk(TestSeries.Synthetic(days: 3), seed: 3, from: 0);
    public ForecastModel OnSynthetic { get; }
    public ForecastModel OnOtherHoldout { get; }
    public ForecastModel OnWalk { get; }

    public AutoModels()
    {
        OtherHoldout = RandomWalk(Synthetic, seed: 5, from: Training.HoldoutStart(Synthetic.Count, new TrainingOptions().HoldoutFraction));
        OnSynthetic = Training.Train(Synthetic, new TrainingOptions());
        OnOtherHoldout = Training.Train(OtherHoldout, new TrainingOptions());
        OnWalk = Training.Train(Walk, new TrainingOptions());
    }

    /// <summary><paramref name="series"/> with its values from index <paramref name="from"/> on replaced by a random walk from the value before.</summary>
    public static LoadSeries RandomWalk(LoadSeries series, int seed, int from)
    {
        var random = new Random(seed);
        var value = from > 0 ? series.Observations[from - 1].Value : 500;
        var observations = series.Observations.Select((observation, i) =>
        {
            if (i < from) return observation;
            // Box-Muller: a normal step of standard deviation 3.
            value = Math.Max(0, value + 3 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            return observation with { Value = value };
        });
        return LoadSeries.Create([.. observations], "walk.csv");
    }

    public void Dispose()
    {
        OnSynthetic.Dispose();
        OnOtherHoldout.Dispose();
        OnWalk.Dispose();
    }
}
