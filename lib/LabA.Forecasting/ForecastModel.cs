using System.Text.Json;
using LabA.Domain.Model;
using LabA.Domain.Series;
using LabA.Domain.Settings;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LabA.Forecasting;

/// <summary>
/// A trained forecaster and its card: model.zip (the ML.NET pipeline) and model.json (the <see cref="ModelCard"/>).
/// <see cref="Predict"/> is thread-safe: ML.NET's PredictionEngine is not, so each call rents one from a pool.
/// </summary>
public sealed class ForecastModel : IDisposable
{
    public const string ModelFileName = "model.zip";
    public const string CardFileName = "model.json";

    private readonly ITransformer _transformer;
    private readonly DataViewSchema _inputSchema;
    private readonly FeatureSpec _spec;
    private readonly ObjectPool<PredictionEngine<ForecastRow, ForecastScore>> _engines;

    internal ForecastModel(ITransformer transformer, DataViewSchema inputSchema, FeatureSpec spec, ModelCard card)
    {
        _transformer = transformer;
        _inputSchema = inputSchema;
        _spec = spec;
        Card = card;
        // The provider hands back a pool that disposes the engines it holds when it is disposed.
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
            .Create(new EnginePolicy(transformer, inputSchema));
    }

    public ModelCard Card { get; }
    public TimeSpan Horizon => _spec.Horizon;
    public TimeSpan Step => _spec.Step;
    public bool RequiresObservations => _spec.Recent;
    internal FeatureSpec Spec => _spec;

    /// <summary>Loads model.zip and model.json from <paramref name="modelDirectory"/>; throws <see cref="ModelLoadException"/> saying what is wrong.</summary>
    public static ForecastModel Load(string modelDirectory)
    {
        var modelPath = Path.Combine(modelDirectory, ModelFileName);
        var cardPath = Path.Combine(modelDirectory, CardFileName);
        if (!Directory.Exists(modelDirectory)) throw new ModelLoadException($"{modelDirectory}: model directory not found (train one with: trainer train --out {modelDirectory})");
        if (!File.Exists(modelPath)) throw new ModelLoadException($"{modelPath}: missing (train a model into {modelDirectory} first)");
        if (!File.Exists(cardPath)) throw new ModelLoadException($"{cardPath}: missing (model.zip needs its card; retrain into {modelDirectory})");

        ModelCard card;
        FeatureSpec spec;
        try
        {
            card = ModelCardJson.DeserializeCard(File.ReadAllText(cardPath));
            spec = FeatureSpec.FromCard(card);
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ModelLoadException($"{cardPath}: not a readable model card: {FirstLine(e.Message)}", e);
        }

        try
        {
            using var stream = File.OpenRead(modelPath);
            var transformer = Ml.Context.Model.Load(stream, out var inputSchema);
            var model = new ForecastModel(transformer, inputSchema, spec, card);
            model.CheckScores();
            return model;
        }
        catch (Exception e) when (e is not ModelLoadException)
        {
            throw new ModelLoadException($"{modelPath}: not a loadable ML.NET model: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Writes model.zip then model.json into <paramref name="modelDirectory"/>, each atomically.</summary>
    public void Save(string modelDirectory)
    {
        AtomicFile.Write(Path.Combine(modelDirectory, ModelFileName), stream => Ml.Context.Model.Save(_transformer, _inputSchema, stream));
        AtomicFile.WriteText(Path.Combine(modelDirectory, CardFileName), ModelCardJson.Serialize(Card) + "\n");
    }

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
            FeatureSpec.FillCalendar(target, row);
        }

        var engine = _engines.Get();
        try
        {
            return offset + engine.Predict(row).Score;
        }
        finally
        {
            _engines.Return(engine);
        }
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

    /// <summary>A model that loads but cannot score its own schema is as broken as a corrupt file: find out at load, not at the first request.</summary>
    private void CheckScores()
    {
        var row = new ForecastRow();
        FeatureSpec.FillCalendar(DateTimeOffset.UnixEpoch, row);
        var engine = _engines.Get();
        try
        {
            engine.Predict(row);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

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
