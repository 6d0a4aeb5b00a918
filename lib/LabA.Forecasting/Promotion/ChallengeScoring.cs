using LabA.Domain.Settings;
using LabA.Forecasting.Series;

namespace LabA.Forecasting.Promotion;

/// <summary>
/// Scores a challenger against the serving champion and the baselines on the last <c>holdoutFraction</c> of a series: the
/// challenger's own hold-out, so it never trained on the slice; the champion was trained on history ending before its
/// own hold-out, which a daily retrain over the same range keeps before this one. Each model is asked exactly as the
/// Predictor asks it (one <see cref="ForecastModel.Predict"/> per target, from the observations known at its origin),
/// so what is scored is what would be served, whatever kind of forecaster the model is.
/// </summary>
public static class ChallengeScoring
{
    public const string HoltWintersName = "holt-winters";

    public static HoldoutComparison Compare(LoadSeries series, ForecastModel challenger, ForecastModel? champion, double holdoutFraction)
    {
        var spec = challenger.Spec;
        var holdoutStart = Training.HoldoutStart(series.Count, holdoutFraction);
        var holtWinters = HoltWinters.Fit(series.Observations, series.Step, spec.HorizonSteps, holdoutStart);
        var championNotScored = champion is null ? null : Incomparable(champion, challenger, series);
        var scoredChampion = championNotScored is null ? champion : null;

        var firstAnchor = Math.Max(Evaluation.MinimumAnchor(spec, challenger.HistoryPoints), holtWinters?.EarliestAnchor ?? 0);
        if (scoredChampion is not null) firstAnchor = Math.Max(firstAnchor, Evaluation.MinimumAnchor(scoredChampion.Spec, scoredChampion.HistoryPoints));
        var anchors = Evaluation.Anchors(spec, series, series.Count, firstAnchor, firstTarget: holdoutStart);
        if (anchors.Count == 0)
            throw new SeriesFormatException(series.Source, null, $"no target in the hold-out slice has the {firstAnchor + 1} points of history every forecaster needs");

        var observations = series.Observations.ToArray();
        var actuals = anchors.Select(anchor => observations[anchor + spec.HorizonSteps].Value).ToArray();
        SliceScore Score(string name, Func<int, double> forecast)
        {
            var metrics = Metrics.Of([.. anchors.Select(forecast)], actuals);
            return new SliceScore(name, metrics.Mae, metrics.Rmse);
        }
        IReadOnlyList<Observation> KnownAt(int anchor) =>
            series.IsFilled(anchor) ? series.KnownAt(anchor) : new ArraySegment<Observation>(observations, 0, anchor + 1);
        Func<int, double> Served(ForecastModel model) => anchor =>
            model.UsesObservations
                ? model.Predict(observations[anchor].Timestamp + model.Horizon, KnownAt(anchor))
                : model.Predict(observations[anchor].Timestamp + model.Horizon);

        var baselines = Baselines.For(spec, anchors[0]).Select(baseline => Score(baseline.Name, anchor => baseline.Forecast(series.KnownAt(anchor), anchor))).ToList();
        if (holtWinters is not null) baselines.Add(Score(HoltWintersName, anchor => holtWinters.Forecast(series.KnownAt(anchor), anchor, spec.HorizonSteps)));
        return new HoldoutComparison
        {
            From = observations[anchors[0] + spec.HorizonSteps].Timestamp,
            To = observations[anchors[^1] + spec.HorizonSteps].Timestamp,
            Targets = anchors.Count,
            Challenger = Score(challenger.Card.Version, Served(challenger)),
            Champion = scoredChampion is null ? null : Score(scoredChampion.Card.Version, Served(scoredChampion)),
            ChampionNotScored = championNotScored,
            Baselines = baselines,
            ChallengerBaseline = BaselineOf(challenger, baselines),
        };
    }

    /// <summary>
    /// The baseline the challenger serves, by the name its training chose it under, or null: training names a baseline
    /// candidate as the scoring names the baseline, and builds it from the same spec (horizon, rolling window, season).
    /// </summary>
    private static string? BaselineOf(ForecastModel challenger, IReadOnlyList<SliceScore> baselines) =>
        challenger.Card.Kind is ForecasterKinds.Ml or ForecasterKinds.Blend or null
            ? null
            : baselines.Select(baseline => baseline.Name).FirstOrDefault(name => name == challenger.Card.Trainer.Name);

    /// <summary>Why the champion's errors on the slice would not be comparable with the challenger's, or null.</summary>
    private static string? Incomparable(ForecastModel champion, ForecastModel challenger, LoadSeries series)
    {
        if (champion.Horizon != challenger.Horizon)
            return $"the champion {champion.Card.Version} forecasts {Durations.Format(champion.Horizon)} ahead and the challenger " +
                   $"{Durations.Format(challenger.Horizon)}: their errors are not comparable (retrain with --horizon {Durations.Format(champion.Horizon)})";
        if (champion.UsesObservations && champion.Step != series.Step)
            return $"the champion {champion.Card.Version} reads observations at {Durations.Format(champion.Step)} step and the history is at " +
                   $"{Durations.Format(series.Step)} (retrain with --step {Durations.Format(champion.Step)})";
        return null;
    }
}
