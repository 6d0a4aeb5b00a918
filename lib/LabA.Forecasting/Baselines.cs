using LabA.Domain.Settings;
using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>A naive forecaster the model must beat: given the observations and the origin index t, the forecast for t + horizon.</summary>
public sealed record Baseline(string Name, string Description, Func<IReadOnlyList<Observation>, int, double> Forecast, int EarliestAnchor);

/// <summary>The naive baselines, built for one feature spec so they use the same horizon and rolling window as the model.</summary>
public static class Baselines
{
    /// <summary>The baselines that can forecast from origin <paramref name="firstAnchor"/> on; a seasonal one needs a season of history first.</summary>
    public static IReadOnlyList<Baseline> For(FeatureSpec spec, int firstAnchor)
    {
        var baselines = new List<Baseline>
        {
            new("persistence", "the last value at t", (values, anchor) => values[anchor].Value, 0),
            new("rolling-mean", $"the mean of the last {Durations.Format(spec.RollingWindow)} up to t",
                (values, anchor) => spec.RollingMeanAt(values, anchor), spec.RollingPoints - 1),
        };
        foreach (var (name, season, words) in new[] { ("seasonal-naive-day", TimeSpan.FromDays(1), "one day"), ("seasonal-naive-week", TimeSpan.FromDays(7), "one week") })
        {
            if (spec.SeasonAgoIndex(firstAnchor, season) is null) continue;
            var seasonSteps = (int)(season.Ticks / spec.Step.Ticks);
            baselines.Add(new(name, $"the value {words} before t + horizon",
                (values, anchor) => values[anchor + spec.HorizonSteps - seasonSteps].Value,
                seasonSteps - spec.HorizonSteps));
        }
        return baselines;
    }
}
