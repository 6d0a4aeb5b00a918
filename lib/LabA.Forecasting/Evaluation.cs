using LabA.Domain.Model;
using LabA.Domain.Series;

namespace LabA.Forecasting;

/// <summary>Which origins are scored, and the scores of the model, the baselines and (for generated series) the noise-free curve on them.</summary>
internal static class Evaluation
{
    /// <summary>The first origin with the history the features and the rolling-mean baseline read.</summary>
    public static int MinimumAnchor(FeatureSpec spec) => Math.Max(Math.Max(spec.HistoryPoints - 1, spec.RollingPoints - 1), 0);

    /// <summary>Origins from <paramref name="firstAnchor"/> whose target lies in [<paramref name="firstTarget"/>, <paramref name="count"/>).</summary>
    public static IReadOnlyList<int> Anchors(FeatureSpec spec, int count, int firstAnchor, int firstTarget)
    {
        var from = Math.Max(firstAnchor, firstTarget - spec.HorizonSteps);
        var to = count - spec.HorizonSteps; // exclusive
        return to > from ? Enumerable.Range(from, to - from).ToArray() : [];
    }

    /// <summary>
    /// Where scoring a whole series starts: after the model's history, and after a season of history for the seasonal
    /// baselines when that still leaves at least half of the series to score.
    /// </summary>
    public static int WholeSeriesStart(FeatureSpec spec, int count)
    {
        var start = MinimumAnchor(spec);
        foreach (var season in new[] { TimeSpan.FromDays(1), TimeSpan.FromDays(7) })
        {
            var earliest = (int)(season.Ticks / spec.Step.Ticks) - spec.HorizonSteps;
            if (spec.SeasonAgoIndex(earliest, season) is not null && earliest <= (count - spec.HorizonSteps) / 2) start = Math.Max(start, earliest);
        }
        return start;
    }

    /// <summary>Scores the model and the baselines; with <paramref name="residuals"/>, also how often forecast + margin covered the actual.</summary>
    public static ForecastMetrics Score(LoadSeries series, FeatureSpec spec, IReadOnlyList<int> anchors, IReadOnlyList<double> forecasts, ForecastResiduals? residuals)
    {
        var observations = series.Observations;
        var actuals = anchors.Select(anchor => observations[anchor + spec.HorizonSteps].Value).ToArray();
        var baselines = Baselines.For(spec, anchors[0])
            .Select(baseline =>
            {
                var metrics = Metrics.Of([.. anchors.Select(anchor => baseline.Forecast(observations, anchor))], actuals);
                return new BaselineMetrics(baseline.Name, baseline.Description, metrics.Mae, metrics.Rmse, metrics.R2);
            })
            .ToArray();
        var noiseFree = series.NoiseFree;
        return new ForecastMetrics
        {
            From = observations[anchors[0] + spec.HorizonSteps].Timestamp,
            To = observations[anchors[^1] + spec.HorizonSteps].Timestamp,
            Model = Metrics.Of(forecasts, actuals),
            Baselines = baselines,
            Irreducible = noiseFree is null ? null : Metrics.Of([.. anchors.Select(anchor => noiseFree[anchor + spec.HorizonSteps])], actuals),
            Coverage = residuals is null ? null : [.. QuantileCoverage.CheckedLevels.Select(level => Coverage(residuals, level, forecasts, actuals))],
        };
    }

    private static QuantileCoverage Coverage(ForecastResiduals residuals, double level, IReadOnlyList<double> forecasts, double[] actuals)
    {
        var margin = residuals.Margin(ProvisioningQuantile.Of(level));
        var covered = actuals.Where((actual, i) => actual <= forecasts[i] + margin).Count();
        return new QuantileCoverage(level, margin, (double)covered / actuals.Length);
    }
}
