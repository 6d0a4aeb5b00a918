using System.Text;
using LabA.Domain.Settings;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LabA.Forecasting;

/// <summary>
/// A trained forecaster and its card: model.zip (the ML.NET pipeline) and model.json (the <see cref="ModelCard"/>), bound
/// to each other by the card's <see cref="ArchiveInfo"/>.
/// <see cref="Predict"/> is thread-safe: ML.NET's PredictionEngine is not, so each call rents one from a pool.
/// </summary>
public sealed class ForecastModel : IDisposable
{
    public const string ModelFileName = "model.zip";
    public const string CardFileName = "model.json";

    private const long WeekTicks = 7 * TimeSpan.TicksPerDay;
    /// <summary>The largest week table kept: a week at one-minute steps, 80 KB.</summary>
    private const long MaxWeekEntries = 7 * 24 * 60;

    private readonly ITransformer _transformer;
    private readonly DataViewSchema _inputSchema;
    private readonly FeatureSpec _spec;
    private readonly byte[] _archive;
    private readonly ObjectPool<PredictionEngine<ForecastRow, ForecastScore>> _engines;
    private readonly Lazy<double[]?> _week;

    internal ForecastModel(ITransformer transformer, DataViewSchema inputSchema, FeatureSpec spec, ModelCard card, byte[] archive)
    {
        _transformer = transformer;
        _inputSchema = inputSchema;
        _spec = spec;
        _archive = archive;
        Card = card;
        // The provider hands back a pool that disposes the engines it holds when it is disposed.
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
            .Create(new EnginePolicy(transformer, inputSchema));
        _week = new Lazy<double[]?>(TabulateWeek);
    }

    public ModelCard Card { get; }
    public TimeSpan Horizon => _spec.Horizon;
    public TimeSpan Step => _spec.Step;
    public bool RequiresObservations => _spec.Recent;
    internal FeatureSpec Spec => _spec;

    /// <summary>
    /// A freshly fitted pipeline as a model: its archive (model.zip's bytes) made once, and the card bound to it by
    /// <see cref="ArchiveInfo"/>, so that what is saved, served and reported is one unit.
    /// </summary>
    internal static ForecastModel Seal(ITransformer transformer, DataViewSchema inputSchema, FeatureSpec spec, ModelCard card)
    {
        using var archive = new MemoryStream();
        Ml.Context.Model.Save(transformer, inputSchema, archive);
        var bytes = archive.ToArray();
        return new ForecastModel(transformer, inputSchema, spec, card with { Archive = ArchiveInfo.Of(ModelFileName, bytes, card) }, bytes);
    }

    /// <summary>Loads the model in <paramref name="modelDirectory"/> after <see cref="ModelDirectory.Verify"/>; throws <see cref="ModelLoadException"/> with its reason.</summary>
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
    public string DescribeRequiredObservations() => RequiresObservations
        ? $"at least {_spec.HistoryPoints} observations at {Durations.Format(Step)} step ending at t = target - {Durations.Format(Horizon)}"
        : "no observations: calendar features need only the target time";

    /// <summary>
    /// The forecast of the value at <paramref name="target"/>. Recent models read <paramref name="observations"/> (time
    /// ordered, at the model's step) up to t = target - horizon and ignore any later ones; the newest one read must be
    /// less than a step older than t.
    /// </summary>
    public double Predict(DateTimeOffset target, IReadOnlyList<Observation>? observations = null)
    {
        var row = new ForecastRow();
        double offset = 0;
        if (RequiresObservations)
        {
            var anchor = OriginIndex(target, observations);
            _spec.Fill(observations!, anchor, row);
            // Fill dates the target from the newest observation read, which may be up to a step before t; the
            // calendar must describe the target asked for.
            if (observations![anchor].Timestamp + Horizon != target) FeatureSpec.FillCalendar(target, row);
            offset = observations[anchor].Value;
        }
        else
        {
            // A calendar forecast depends only on the time of week: on the model's step grid it is read from the table.
            var ticks = target.UtcTicks;
            if (ticks % Step.Ticks == 0 && _week.Value is { } week) return week[ticks % WeekTicks / Step.Ticks];
            FeatureSpec.FillCalendar(target, row);
        }
        return offset + Score(row);
    }

    /// <summary>
    /// For every origin t of <paramref name="series"/> with enough history, in time order, the forecast for t + horizon made
    /// from observations up to t only. Targets past the end of the series are included.
    /// </summary>
    public IReadOnlyList<SeriesForecast> PredictSeries(IReadOnlyList<Observation> series)
    {
        var loaded = CheckSeries(series);
        var firstAnchor = Math.Max(0, _spec.HistoryPoints - 1);
        var anchors = Enumerable.Range(firstAnchor, Math.Max(0, loaded.Count - firstAnchor)).ToArray();
        var forecasts = ForecastAt(loaded.Observations, anchors);
        return [.. anchors.Select((anchor, i) =>
            new SeriesForecast(loaded.Observations[anchor].Timestamp, loaded.Observations[anchor].Timestamp + Horizon, forecasts[i]))];
    }

    /// <summary>Scores this model on <paramref name="series"/> beside the naive baselines, on every target they can all forecast.</summary>
    public EvaluationReport Evaluate(LoadSeries series)
    {
        CheckSeries(series.Observations);
        var anchors = Evaluation.Anchors(_spec, series, series.Count, Evaluation.WholeSeriesStart(_spec, series.Count), firstTarget: 0);
        if (anchors.Count == 0)
            throw new SeriesFormatException(series.Source, null,
                $"too short to evaluate: {series.Count} points; the model needs {Math.Max(1, _spec.HistoryPoints)} of history plus {_spec.HorizonSteps} step(s) of horizon");
        var metrics = Evaluation.Score(series, _spec, anchors, Evaluation.ForecastAt(_transformer, _spec, series, anchors), Card.Residuals);
        return new EvaluationReport(Card.Version, Card.FeatureSet, Horizon, DataFingerprint.Describe(series, 0, anchors.Count), metrics);
    }

    internal double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors) =>
        ForecastAt(_transformer, _spec, observations, anchors);

    /// <summary>Batch forecasts for the given origins: one pass of the pipeline over all rows.</summary>
    internal static double[] ForecastAt(ITransformer transformer, FeatureSpec spec, IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors)
    {
        var rows = anchors.Select(anchor =>
        {
            var row = new ForecastRow();
            spec.Fill(observations, anchor, row);
            return row;
        });
        var scored = transformer.Transform(Ml.Context.Data.LoadFromEnumerable(rows));
        var scores = scored.GetColumn<float>(nameof(ForecastScore.Score)).ToArray();
        var forecasts = new double[anchors.Count];
        for (var i = 0; i < forecasts.Length; i++)
            forecasts[i] = scores[i] + (spec.PredictsChange ? observations[anchors[i]].Value : 0);
        return forecasts;
    }

    private LoadSeries CheckSeries(IReadOnlyList<Observation> series)
    {
        var loaded = LoadSeries.Create(series, "series");
        if (Horizon.Ticks % loaded.Step.Ticks != 0 || (RequiresObservations && loaded.Step != Step))
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
                $"the newest observation at or before t = {origin:O} is at {observations[anchor].Timestamp:O}, more than a step ({Durations.Format(Step)}) old; this model needs {DescribeRequiredObservations()}");
        var first = anchor - _spec.HistoryPoints + 1;
        if (first < 0)
            throw new ForecastInputException($"only {anchor + 1} observations up to t = {origin:O}; this model needs {DescribeRequiredObservations()}");
        // Checking both ends of the window catches a wrong step or a gap without walking every point on the hot path.
        var expectedFirst = observations[anchor].Timestamp - Step * (_spec.HistoryPoints - 1);
        if (observations[first].Timestamp != expectedFirst || (anchor > 0 && observations[anchor].Timestamp - observations[anchor - 1].Timestamp != Step))
            throw new ForecastInputException(
                $"observations are not at the model's step of {Durations.Format(Step)} without gaps (expected the window to start at {expectedFirst:O}, found {observations[first].Timestamp:O}); this model needs {DescribeRequiredObservations()}");
        return anchor;
    }

    /// <summary>
    /// Why the loaded archive cannot serve, or null: a model that cannot score its own schema, or whose calendar forecasts
    /// are not finite somewhere in the week, is as broken as a corrupt file; find out at load, not at a request.
    /// </summary>
    internal string? ScoreProblem()
    {
        if (_week.Value is not { } week)
        {
            var row = new ForecastRow();
            FeatureSpec.FillCalendar(DateTimeOffset.UnixEpoch, row);
            var score = Score(row);
            return double.IsFinite(score) ? null : $"forecasts {score} for features all zero";
        }
        var bad = Array.FindIndex(week, forecast => !double.IsFinite(forecast));
        if (bad < 0) return null;
        var at = new DateTime(bad * Step.Ticks, DateTimeKind.Utc);
        return $"forecasts {week[bad]} for {at:dddd HH:mm:ss} UTC";
    }

    /// <summary>
    /// A calendar model's forecast for every step of one week, starting Monday 00:00 UTC (DateTime's tick 0 is a Monday),
    /// built once from the same engine <see cref="Predict"/> uses; null for recent models and steps that do not tile a week
    /// or would make it larger than <see cref="MaxWeekEntries"/>. A week-long window then costs lookups, not predictions.
    /// </summary>
    private double[]? TabulateWeek()
    {
        if (RequiresObservations || WeekTicks % Step.Ticks != 0 || WeekTicks / Step.Ticks > MaxWeekEntries) return null;
        var week = new double[WeekTicks / Step.Ticks];
        var row = new ForecastRow();
        for (var i = 0; i < week.Length; i++)
        {
            FeatureSpec.FillCalendar(new DateTimeOffset(i * Step.Ticks, TimeSpan.Zero), row);
            week[i] = Score(row);
        }
        return week;
    }

    private double Score(ForecastRow row)
    {
        var engine = _engines.Get();
        try
        {
            return engine.Predict(row).Score;
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    public void Dispose()
    {
        (_engines as IDisposable)?.Dispose();
        (_transformer as IDisposable)?.Dispose();
    }

    private sealed class EnginePolicy(ITransformer transformer, DataViewSchema inputSchema) : PooledObjectPolicy<PredictionEngine<ForecastRow, ForecastScore>>
    {
        public override PredictionEngine<ForecastRow, ForecastScore> Create() =>
            Ml.Context.Model.CreatePredictionEngine<ForecastRow, ForecastScore>(transformer, inputSchema: inputSchema);

        public override bool Return(PredictionEngine<ForecastRow, ForecastScore> engine) => true;
    }
}
