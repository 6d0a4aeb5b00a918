using System.Globalization;
using System.Text;
using LabA.Domain.Settings;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>
/// A trained forecaster and its card: model.zip (the forecaster: <see cref="ForecastArchive"/>) and model.json (the
/// <see cref="ModelCard"/>), bound to each other by the card's <see cref="ArchiveInfo"/>. Whatever kind it holds (an
/// ML.NET pipeline, Holt-Winters, a baseline or a blend), it is served through the same calls.
/// <see cref="Predict"/> is thread-safe.
/// </summary>
public sealed class ForecastModel : IDisposable
{
    public const string ModelFileName = "model.zip";
    public const string CardFileName = "model.json";

    private readonly IPointForecaster _forecaster;
    private readonly FeatureSpec _spec;
    private readonly byte[] _archive;

    internal ForecastModel(IPointForecaster forecaster, FeatureSpec spec, ModelCard card, byte[] archive)
    {
        _forecaster = forecaster;
        _spec = spec;
        _archive = archive;
        Card = card;
    }

    public ModelCard Card { get; }
    /// <summary>model.zip's bytes, exactly as <see cref="Card"/>'s <see cref="ArchiveInfo"/> binds them.</summary>
    public ReadOnlyMemory<byte> Archive => _archive;
    public TimeSpan Horizon => _spec.Horizon;
    public TimeSpan Step => _spec.Step;
    /// <summary>The kind of forecaster served (<see cref="ForecasterKinds"/>), as the card's <c>kind</c> says.</summary>
    public string Kind => _forecaster.Kind;
    /// <summary>Needs observations to forecast at all (POST only); a model that merely uses them when given does not.</summary>
    public bool RequiresObservations => UsesObservations && !ObservationsOptional;
    /// <summary>Reads observations when they are given: a forecast from them is the one to score and serve where they exist.</summary>
    public bool UsesObservations => HistoryPoints > 0;
    /// <summary>Uses its observations when given and forecasts from the clock alone when not (the card's <c>observationsOptional</c>).</summary>
    public bool ObservationsOptional => _forecaster.ObservationsOptional;
    /// <summary>How many observations, ending at t = target - horizon, one forecast reads (0: none).</summary>
    public int HistoryPoints => _forecaster.HistoryPoints;
    internal FeatureSpec Spec => _spec;

    /// <summary>
    /// A freshly fitted forecaster as a model: its archive (model.zip's bytes) made once, and the card bound to it by
    /// <see cref="ArchiveInfo"/>, so that what is saved, served and reported is one unit.
    /// </summary>
    internal static ForecastModel Seal(IPointForecaster forecaster, FeatureSpec spec, ModelCard card)
    {
        var bytes = ForecastArchive.Pack(forecaster);
        return new ForecastModel(forecaster, spec, card with { Archive = ArchiveInfo.Of(ModelFileName, bytes, card) }, bytes);
    }

    /// <summary>Loads the model in <paramref name="modelDirectory"/> after <see cref="ModelDirectory.Verify(string)"/>; throws <see cref="ModelLoadException"/> with its reason.</summary>
    public static ForecastModel Load(string modelDirectory)
    {
        var verification = ModelDirectory.Verify(modelDirectory);
        return verification.Model ?? throw new ModelLoadException(verification.Reason!);
    }

    /// <summary>Writes model.zip and model.json into <paramref name="modelDirectory"/> as one unit (<see cref="AtomicFile.WriteAll"/>).</summary>
    public void Save(string modelDirectory) => AtomicFile.WriteAll(modelDirectory,
    [
        (ModelFileName, _archive),
        (CardFileName, Encoding.UTF8.GetBytes(ModelCardJson.Serialize(Card) + "\n")),
    ]);

    /// <summary>
    /// What to add to a forecast of this model to provision for <paramref name="quantile"/> of its errors (in the series'
    /// unit): 0 when off, else the residual quantile from the card's validation slice. Pure and cheap; call it once per
    /// setting. Throws <see cref="SettingsException"/> (naming PROVISION_QUANTILE) when the card has no residuals and the
    /// quantile is not off.
    /// </summary>
    public double ProvisioningMargin(ProvisioningQuantile quantile) => ForecastResiduals.MarginFor(Card, quantile);

    /// <summary>What a forecast needs besides its target time, in words fit for an HTTP 422 message.</summary>
    public string DescribeRequiredObservations() => !UsesObservations
        ? "no observations: calendar features need only the target time"
        : ObservationsOptional
            ? $"none (the clock alone), or up to {HistoryPoints} observations at {Durations.Format(Step)} step ending at t = target - {Durations.Format(Horizon)}"
            : $"at least {HistoryPoints} observations at {Durations.Format(Step)} step ending at t = target - {Durations.Format(Horizon)}";

    /// <summary>
    /// The forecast of the value at <paramref name="target"/>. Recent models read <paramref name="observations"/> (time
    /// ordered, at the model's step) up to t = target - horizon and ignore any later ones; the newest one read must be
    /// less than a step older than t. A target between two steps gets the forecast of the step holding it (the newest
    /// one read plus the horizon): a step's value is the load during it, and the model was fitted only at those instants,
    /// so every instant of one step is forecast alike. A model whose observations are optional forecasts from the clock
    /// when none are given.
    /// </summary>
    public double Predict(DateTimeOffset target, IReadOnlyList<Observation>? observations = null)
    {
        if (!RequiresObservations && !(UsesObservations && observations is { Count: > 0 })) return _forecaster.Forecast([], -1, target);
        var anchor = OriginIndex(target, observations);
        return _forecaster.Forecast(observations!, anchor, observations![anchor].Timestamp + Horizon);
    }

    /// <summary>
    /// The instant this model can forecast in place of <paramref name="target"/> from <paramref name="observations"/>:
    /// the target itself while its origin (target - horizon) is less than a step after the newest observation, else the
    /// newest observation plus the horizon. A later instant would need observations not yet seen, so a window reaching past
    /// what was observed holds the latest forecast the model can make there; the Predictor serves it and the backtest
    /// replays it through this one rule. A model that needs no observations reaches every instant.
    /// </summary>
    public DateTimeOffset Reachable(DateTimeOffset target, IReadOnlyList<Observation>? observations) =>
        UsesObservations && observations is { Count: > 0 } && target - Horizon - observations[^1].Timestamp >= Step
            ? observations[^1].Timestamp + Horizon
            : target;

    /// <summary>
    /// For every origin t of <paramref name="series"/> with enough history, in time order, the forecast for t + horizon made
    /// from observations up to t only. Targets past the end of the series are included.
    /// </summary>
    public IReadOnlyList<SeriesForecast> PredictSeries(IReadOnlyList<Observation> series)
    {
        var loaded = CheckSeries(series);
        var firstAnchor = Math.Max(0, HistoryPoints - 1);
        var anchors = Enumerable.Range(firstAnchor, Math.Max(0, loaded.Count - firstAnchor)).ToArray();
        var forecasts = _forecaster.ForecastAt(loaded.Observations, anchors);
        return [.. anchors.Select((anchor, i) =>
            new SeriesForecast(loaded.Observations[anchor].Timestamp, loaded.Observations[anchor].Timestamp + Horizon, forecasts[i]))];
    }

    /// <summary>Scores this model on <paramref name="series"/> beside the naive baselines, on every target they can all forecast.</summary>
    public EvaluationReport Evaluate(LoadSeries series)
    {
        CheckSeries(series.Observations);
        var anchors = Evaluation.Anchors(_spec, series, series.Count, Evaluation.WholeSeriesStart(_spec, HistoryPoints, series.Count), firstTarget: 0);
        if (anchors.Count == 0)
            throw new SeriesFormatException(series.Source, null,
                $"too short to evaluate: {series.Count} points; the model needs {Math.Max(1, HistoryPoints)} of history plus {_spec.HorizonSteps} step(s) of horizon");
        var metrics = Evaluation.Score(series, _spec, anchors, Evaluation.ForecastAt(_forecaster, series, anchors), Card.Residuals, HoltWintersOnCard());
        return new EvaluationReport(Card.Version, Card.FeatureSet, Horizon, DataFingerprint.Describe(series, 0, anchors.Count), metrics);
    }

    /// <summary>The Holt-Winters candidate the card lists, as fitted on the training part: the Holt-Winters baseline of an evaluation.</summary>
    private HoltWinters? HoltWintersOnCard()
    {
        if (Card.Selection?.Candidates.FirstOrDefault(candidate => candidate.Kind == ForecasterKinds.HoltWinters && candidate.NotApplicable is null) is not { } candidate)
            return null;
        try
        {
            return HoltWinters.FromParameters(
                candidate.Settings.ToDictionary(setting => setting.Key, setting => double.Parse(setting.Value, NumberStyles.Float, CultureInfo.InvariantCulture)),
                _spec.HorizonSteps);
        }
        catch (Exception e) when (e is FormatException or ForecasterRecipeException)
        {
            return null;
        }
    }

    private LoadSeries CheckSeries(IReadOnlyList<Observation> series)
    {
        var loaded = LoadSeries.Create(series, "series");
        if (Horizon.Ticks % loaded.Step.Ticks != 0 || (UsesObservations && loaded.Step != Step))
            throw new ForecastInputException(
                $"the series step {Durations.Format(loaded.Step)} does not fit this model (step {Durations.Format(Step)}, horizon {Durations.Format(Horizon)})");
        return loaded;
    }

    /// <summary>The index of the newest observation at or before t = target - horizon, after checking the window the features read.</summary>
    private int OriginIndex(DateTimeOffset target, IReadOnlyList<Observation>? observations)
    {
        var origin = target - Horizon;
        if (observations is null || observations.Count == 0)
            throw new ForecastInputException($"this model needs {DescribeRequiredObservations()}; none were given");
        var anchor = observations.Count - 1;
        while (anchor >= 0 && observations[anchor].Timestamp > origin) anchor--;
        if (anchor < 0)
            throw new ForecastInputException($"no observation at or before t = {origin:O}; this model needs {DescribeRequiredObservations()}");
        if (origin - observations[anchor].Timestamp >= Step)
            throw new ForecastInputException(
                $"the newest observation at or before t = {origin:O} is at {observations[anchor].Timestamp:O}, " +
                $"more than a step ({Durations.Format(Step)}) old; this model needs {DescribeRequiredObservations()}");
        // A model whose observations are optional uses as many of its window as there are (a cluster observed for less than it).
        var window = ObservationsOptional ? Math.Min(HistoryPoints, anchor + 1) : HistoryPoints;
        var first = anchor - window + 1;
        if (first < 0)
            throw new ForecastInputException($"only {anchor + 1} observations up to t = {origin:O}; this model needs {DescribeRequiredObservations()}");
        // Checking both ends of the window catches a wrong step or a gap without walking every point on the hot path.
        var expectedFirst = observations[anchor].Timestamp - Step * (window - 1);
        if (observations[first].Timestamp != expectedFirst || (anchor > 0 && observations[anchor].Timestamp - observations[anchor - 1].Timestamp != Step))
            throw new ForecastInputException(
                $"observations are not at the model's step of {Durations.Format(Step)} without gaps " +
                $"(expected the window to start at {expectedFirst:O}, found {observations[first].Timestamp:O}); this model needs {DescribeRequiredObservations()}");
        return anchor;
    }

    /// <summary>Why the loaded forecaster cannot serve (a forecast that is not finite), or null: found at load, not at a request.</summary>
    internal string? ScoreProblem() => _forecaster.ServingProblem();

    public void Dispose() => _forecaster.Dispose();
}
