using LabA.Domain.Settings;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;
using Microsoft.ML;

namespace LabA.Forecasting;

/// <summary>Which origins are scored, and the scores of the model, the baselines and (for generated series) the noise-free curve on them.</summary>
internal static class Evaluation
{
    /// <summary>The first origin with the history the features and the rolling-mean baseline read.</summary>
    public static int MinimumAnchor(FeatureSpec spec) => Math.Max(Math.Max(spec.HistoryPoints - 1, spec.RollingPoints - 1), 0);

    /// <summary>
    /// Origins from <paramref name="firstAnchor"/> whose target lies in [<paramref name="firstTarget"/>, <paramref name="count"/>)
    /// and is a real point: a filled (interpolated) point is never a training or evaluation target.
    /// </summary>
    public static IReadOnlyList<int> Anchors(FeatureSpec spec, LoadSeries series, int count, int firstAnchor, int firstTarget)
    {
        var from = Math.Max(firstAnchor, firstTarget - spec.HorizonSteps);
        var to = count - spec.HorizonSteps; // exclusive
        return to > from ? Enumerable.Range(from, to - from).Where(anchor => !series.IsFilled(anchor + spec.HorizonSteps)).ToArray() : [];
    }

    /// <summary>
    /// The forecasts for <paramref name="anchors"/>, each made from the observations as known at its origin
    /// (<see cref="LoadSeries.KnownAt"/>): one batch for the origins outside gaps, one forecast for each origin inside one.
    /// </summary>
    public static double[] ForecastAt(ITransformer transformer, FeatureSpec spec, LoadSeries series, IReadOnlyList<int> anchors)
    {
        var forecasts = new double[anchors.Count];
        var real = Enumerable.Range(0, anchors.Count).Where(i => !series.IsFilled(anchors[i])).ToArray();
        if (real.Length > 0)
        {
            var batch = ForecastModel.ForecastAt(transformer, spec, series.Observations, [.. real.Select(i => anchors[i])]);
            for (var k = 0; k < real.Length; k++) forecasts[real[k]] = batch[k];
        }
        for (var i = 0; i < anchors.Count; i++)
            if (series.IsFilled(anchors[i])) forecasts[i] = ForecastModel.ForecastAt(transformer, spec, series.KnownAt(anchors[i]), [anchors[i]])[0];
        return forecasts;
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
                var metrics = Metrics.Of([.. anchors.Select(anchor => baseline.Forecast(series.KnownAt(anchor), anchor))], actuals);
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
