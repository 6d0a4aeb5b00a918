using LabA.Domain.Settings;
using LabA.Forecasting.Series;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LabA.Forecasting;

/// <summary>
/// An ML.NET pipeline over the features of one <see cref="FeatureSpec"/>. Thread-safe: ML.NET's PredictionEngine is
/// not, so each forecast rents one from a pool.
/// </summary>
internal sealed class MlForecaster : IPointForecaster
{
    private const long WeekTicks = 7 * TimeSpan.TicksPerDay;
    /// <summary>The largest week table kept: a week at one-minute steps, 80 KB.</summary>
    private const long MaxWeekEntries = Durations.MinutesPerWeek;

    private readonly ObjectPool<PredictionEngine<ForecastRow, ForecastScore>> _engines;
    private readonly Lazy<double[]?> _week;

    public MlForecaster(string trainer, ITransformer transformer, DataViewSchema inputSchema, FeatureSpec spec)
    {
        Trainer = trainer;
        Transformer = transformer;
        InputSchema = inputSchema;
        Spec = spec;
        // The provider hands back a pool that disposes the engines it holds when it is disposed.
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
            .Create(new EnginePolicy(transformer, inputSchema));
        _week = new Lazy<double[]?>(TabulateWeek);
    }

    /// <summary>The ML.NET trainer it was fitted with (<see cref="Trainers.Names"/>).</summary>
    public string Trainer { get; }
    public ITransformer Transformer { get; }
    public DataViewSchema InputSchema { get; }
    public FeatureSpec Spec { get; }
    public string Kind => ForecasterKinds.Ml;
    public int HistoryPoints => Spec.HistoryPoints;

    /// <summary>The pipeline as ML.NET writes it: the bytes of a model.zip of earlier versions.</summary>
    public byte[] Serialize()
    {
        using var archive = new MemoryStream();
        Ml.Context.Model.Save(Transformer, InputSchema, archive);
        return archive.ToArray();
    }

    /// <summary>Loads what <see cref="Serialize"/> wrote; throws whatever ML.NET's reader hits on bytes that are not a pipeline.</summary>
    public static MlForecaster Deserialize(string trainer, byte[] pipeline, FeatureSpec spec)
    {
        using var stream = new MemoryStream(pipeline, writable: false);
        var transformer = Ml.Context.Model.Load(stream, out var inputSchema);
        return new MlForecaster(trainer, transformer, inputSchema, spec);
    }

    /// <summary>Batch forecasts for the given origins: one pass of the pipeline over all rows.</summary>
    public double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors)
    {
        var rows = anchors.Select(anchor =>
        {
            var row = new ForecastRow();
            Spec.Fill(observations, anchor, row);
            return row;
        });
        var scored = Transformer.Transform(Ml.Context.Data.LoadFromEnumerable(rows));
        var scores = scored.GetColumn<float>(nameof(ForecastScore.Score)).ToArray();
        var forecasts = new double[anchors.Count];
        for (var i = 0; i < forecasts.Length; i++)
            forecasts[i] = scores[i] + (Spec.PredictsChange ? observations[anchors[i]].Value : 0);
        return forecasts;
    }

    public double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target)
    {
        var row = new ForecastRow();
        if (!Spec.Recent)
        {
            // A calendar forecast depends only on the time of week: on the model's step grid it is read from the table.
            var ticks = target.UtcTicks;
            if (ticks % Spec.Step.Ticks == 0 && _week.Value is { } week) return week[ticks % WeekTicks / Spec.Step.Ticks];
            FeatureSpec.FillCalendar(target, row);
            return Score(row);
        }
        Spec.Fill(observations, anchor, row);
        // Fill dates the target from the newest observation read, which may be up to a step before t; the calendar must
        // describe the target asked for.
        if (observations[anchor].Timestamp + Spec.Horizon != target) FeatureSpec.FillCalendar(target, row);
        return observations[anchor].Value + Score(row);
    }

    /// <summary>
    /// A pipeline that cannot score its own schema, or whose calendar forecasts are not finite somewhere in the week, is
    /// as broken as a corrupt file; find out at load, not at a request.
    /// </summary>
    public string? ServingProblem()
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
        var at = new DateTime(bad * Spec.Step.Ticks, DateTimeKind.Utc);
        return $"forecasts {week[bad]} for {at:dddd HH:mm:ss} UTC";
    }

    /// <summary>
    /// A calendar pipeline's forecast for every step of one week, starting Monday 00:00 UTC (DateTime's tick 0 is a
    /// Monday), built once from the same engines <see cref="Forecast"/> uses; null for recent features and steps that do
    /// not tile a week or would make it larger than <see cref="MaxWeekEntries"/>. A week-long window then costs lookups.
    /// </summary>
    private double[]? TabulateWeek()
    {
        if (Spec.Recent || WeekTicks % Spec.Step.Ticks != 0 || WeekTicks / Spec.Step.Ticks > MaxWeekEntries) return null;
        var week = new double[WeekTicks / Spec.Step.Ticks];
        var row = new ForecastRow();
        for (var i = 0; i < week.Length; i++)
        {
            FeatureSpec.FillCalendar(new DateTimeOffset(i * Spec.Step.Ticks, TimeSpan.Zero), row);
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
        (Transformer as IDisposable)?.Dispose();
    }

    private sealed class EnginePolicy(ITransformer transformer, DataViewSchema inputSchema) : PooledObjectPolicy<PredictionEngine<ForecastRow, ForecastScore>>
    {
        public override PredictionEngine<ForecastRow, ForecastScore> Create() =>
            Ml.Context.Model.CreatePredictionEngine<ForecastRow, ForecastScore>(transformer, inputSchema: inputSchema);

        public override bool Return(PredictionEngine<ForecastRow, ForecastScore> engine) => true;
    }
}
