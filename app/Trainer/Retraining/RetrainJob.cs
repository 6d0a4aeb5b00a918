using System.Diagnostics;
using System.Globalization;
using System.Text;
using LabA.Domain.Settings;
using LabA.Forecasting;
using LabA.Forecasting.Promotion;
using LabA.Forecasting.Series;
using LabA.KubernetesApi;
using LabA.Prometheus;

namespace LabA.Trainer.Retraining;

/// <summary>
/// One retrain: read the champion from the model store, read the history, skip it if too short, train a challenger,
/// score both and the baselines on the most recent hold-out slice, promote or keep, and record the decision (log line,
/// Event, the challenger's card). A 409 on the publish means the store changed since it was read: read it again and
/// decide again against whatever serves now.
/// </summary>
public sealed class RetrainJob(RetrainSettings settings, ModelStore? store, TextWriter log, TimeProvider clock)
{
    public const string PromotedReason = "ModelPromoted";
    public const string KeptReason = "ModelKept";
    public const string SkippedReason = "RetrainSkipped";
    public const string FailedReason = "RetrainFailed";
    /// <summary>Decisions in a row that a concurrent writer may overturn before the job gives up.</summary>
    public const int MaxDecisions = 3;

    /// <summary>
    /// After a run: whether the store serves a model that verifies (the champion, or the challenger just published);
    /// null when that is unknown (no store, or it could not be read).
    /// </summary>
    public bool? ModelServes { get; private set; }

    /// <summary>After a run: the decision as logged and recorded; null when the run failed before deciding.</summary>
    public string? Decision { get; private set; }

    public async Task<RetrainOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var read = store is null ? null : await store.ReadAsync(cancellationToken);
        var (champion, championNote) = Champion(read);
        ModelServes = read is null ? null : champion is not null;
        try
        {
            var series = settings.Source.Load();
            Log(string.Create(CultureInfo.InvariantCulture,
                $"read {series.Count} points at {Durations.Format(series.Step)} step from {series.Source} " +
                $"({series.Start.UtcDateTime:yyyy-MM-dd HH:mm} .. {series.End.UtcDateTime:yyyy-MM-dd HH:mm} UTC)"));
            if (HistoryRequirement.Shortfall(series, settings.Challenge.HoldoutFraction) is { } shortfall)
            {
                await RecordAsync(SkippedReason, "Warning", $"skipped: {shortfall}; {ReactiveFloorNote ?? "the serving model stays"}", read, cancellationToken);
                return RetrainOutcome.Skipped;
            }

            var options = settings.Challenge.TrainingFor(series, champion);
            var timer = Stopwatch.StartNew();
            using var challenger = Training.Train(series, options);
            var archive = challenger.Archive.ToArray();
            var card = challenger.Card;
            Log(string.Create(CultureInfo.InvariantCulture,
                $"trained challenger {card.Version} ({card.Trainer.Name}, kind {card.Kind}, chosen by --trainer {options.Trainer}; {options.FeatureSet} features, " +
                $"horizon {Durations.Format(options.Horizon)}) in {timer.Elapsed.TotalSeconds:0.0} s"));

            for (var decision = 1; ; decision++)
            {
                var (comparison, verdict) = settings.Challenge.Judge(series, challenger, champion);
                var record = PromotionRecord.Of(comparison, verdict, settings.Challenge.Margin, clock.GetUtcNow(), championNote);
                var unit = new ModelUnit(archive, Encoding.UTF8.GetBytes(record.AttachTo(challenger.Card)));
                if (settings.OutDirectory is { } directory)
                    AtomicFile.WriteAll(directory, [(ForecastModel.ModelFileName, unit.Archive), (ForecastModel.CardFileName, unit.Card)]);
                var message = championNote is null ? verdict.Reason : $"{verdict.Reason}; {championNote}";
                if (!verdict.Promote)
                {
                    if (ReactiveFloorNote is { } floor) message = $"{message}; {floor}";
                    await RecordAsync(KeptReason, "Normal", message, read, cancellationToken);
                    return RetrainOutcome.Kept;
                }
                if (store is null || read is null)
                {
                    Decision = $"{message} (not published: no {ModelStoreAddress.Option})";
                    Log(Decision);
                    return RetrainOutcome.Promoted;
                }
                if (await store.TryPublishAsync(read, unit, keepCurrent: champion is not null, cancellationToken))
                {
                    ModelServes = true;
                    await RecordAsync(PromotedReason, "Normal", $"{message}; published into {store.Address}", read, cancellationToken);
                    return RetrainOutcome.Promoted;
                }
                if (decision == MaxDecisions)
                    throw new ModelStoreException($"{store.Address} changed under {MaxDecisions} decisions in a row (409 Conflict each time): another writer is active; nothing was published");
                Log($"{store.Address} changed since it was read (409 Conflict): reading it again and deciding again");
                read = await store.ReadAsync(cancellationToken);
                champion?.Dispose();
                (champion, championNote) = Champion(read);
                ModelServes = champion is not null;
            }
        }
        // A history the Predictor could not serve, or one Prometheus would not give, is told on the store as well as in the log.
        catch (Exception e) when (e is ModelStoreException or KubernetesCallException or SeriesFormatException or PrometheusException && store is not null && read is not null)
        {
            await TryRecordFailureAsync(e.Message, read);
            throw;
        }
        finally
        {
            champion?.Dispose();
        }
    }

    /// <summary>The failure told on the store too, for <c>kubectl describe</c>; best effort, since the API may be what failed.</summary>
    private async Task TryRecordFailureAsync(string message, StoredModels read)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await store!.RecordAsync(FailedReason, "Warning", $"nothing was published: {message}", read, clock.GetUtcNow(), timeout.Token);
        }
        catch (Exception e) when (e is KubernetesCallException or OperationCanceledException)
        {
            // The command's error line says it already.
        }
    }

    /// <summary>The serving model if the store holds one that verifies; else null and why there is no champion.</summary>
    private (ForecastModel? Champion, string? Note) Champion(StoredModels? read)
    {
        if (read is null) return (null, $"no champion: no model store given ({ModelStoreAddress.Option})");
        if (read.Current is not { } current) return (null, $"no champion: {store!.Address} holds no model yet " +
            (settings.Workloads.Count > 0 ? "(nothing forecasts its workloads)" : "(the Predictor serves the one baked into its image)"));
        var verification = current.Verify();
        if (verification.Model is { } model) return (model, null);
        return (null, $"no champion: the model in {store!.Address} failed verification, so it is neither compared nor kept for rollback: {verification.Reason}");
    }

    /// <summary>
    /// What a retrain that leaves no model serving means for its workloads (workloads mode): the Predictor has nothing
    /// to forecast them with, so the Scaler sizes them from their observed demand alone, as an HPA would.
    /// </summary>
    /// <remarks>Null with the one target (the Predictor serves the model baked into its image) or while a model serves.</remarks>
    public string? ReactiveFloorNote => ModelServes == false && settings.Workloads.Count > 0
        ? $"no model serves yet: {string.Join(", ", settings.Workloads)} keep{(settings.Workloads.Count == 1 ? "s" : "")} the reactive floor alone " +
          "(replicas from the observed demand) until a model passes the gate"
        : null;

    private async Task RecordAsync(string reason, string type, string message, StoredModels? read, CancellationToken cancellationToken)
    {
        Decision = message;
        Log(message);
        if (store is not null) await store.RecordAsync(reason, type, message, read, clock.GetUtcNow(), cancellationToken);
    }

    private void Log(string message)
    {
        var who = settings.Model is { } model ? $"retrain {model}" : "retrain";
        log.WriteLine($"{clock.GetUtcNow().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {who}: {message}");
        log.Flush();
    }
}
