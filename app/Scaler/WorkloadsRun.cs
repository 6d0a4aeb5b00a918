using k8s;
using k8s.Models;
using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;
using LabA.KubernetesApi;
using LabA.Prometheus;
using LabA.Scaler.Cluster;
using LabA.Scaler.Decisions;
using LabA.Scaler.Forecasts;

namespace LabA.Scaler;

/// <summary>
/// One CronJob run in workloads mode (WORKLOADS_FILE): every workload decided independently and concurrently, each as the
/// single-target run decides (<see cref="ScaleRun"/>) with its own query, mapping, model, state keys and Events, so that
/// one workload's fault never blocks another's decision. A workload an HPA targets is left to it unless it asks for
/// <c>hpa: floor</c>. The last line sums up; the exit code says whether any failed and whether any count changed.
/// </summary>
internal sealed class WorkloadsRun(
    ScalerSettings settings, IReadOnlyList<Workload> workloads, IKubernetes kubernetes, TimeProvider clock, TextWriter log, RunDeadline deadline,
    HttpMessageHandler? predictorTransport = null)
{
    /// <summary>Workloads decided at once: enough to decide hundreds within the Job's budget, few enough not to flood the API server.</summary>
    public const int MaxConcurrentWorkloads = 16;

    /// <summary>The reason of the Event on a workload left to its HPA.</summary>
    public const string LeftToHpaReason = "LeftToHpa";

    private enum Outcome
    {
        Scaled,
        Kept,
        Skipped,
        Failed,
        ScaledThenFailed,
    }

    public async Task<int> ExecuteAsync(CancellationToken stop)
    {
        var now = clock.GetUtcNow();
        var output = TextWriter.Synchronized(log);
        var state = new ScalerStateStore(kubernetes, settings.TargetNamespace);
        var hpas = new HpaIndex(kubernetes);
        using var prometheus = new PrometheusClient(ServerAddress.Parse(settings.PrometheusUrl!.AbsoluteUri),
            attemptTimeout: Defaults.PrometheusQueryTimeout, remaining: () => deadline.RemainingForForecast);
        using var turns = new SemaphoreSlim(MaxConcurrentWorkloads);
        // One client a model: the workloads that share a model share its connections.
        var predictors = workloads.Select(workload => workload.Model).Distinct(StringComparer.Ordinal).ToDictionary(model => model, model =>
            new PredictorClient(PredictorAddress.ForModel(settings.PredictorUrl, model), settings.PredictorTimeout, predictorTransport,
                remaining: () => deadline.RemainingForForecast));
        Outcome[] outcomes;
        try
        {
            outcomes = await Task.WhenAll(workloads.Select(async workload =>
            {
                await turns.WaitAsync(stop).ConfigureAwait(false);
                try
                {
                    return await DecideAsync(workload, state, hpas, prometheus, predictors[workload.Model], output, now, stop);
                }
                finally
                {
                    turns.Release();
                }
            }));
        }
        finally
        {
            foreach (var predictor in predictors.Values) predictor.Dispose();
        }

        var count = (Outcome outcome) => outcomes.Count(o => o == outcome);
        var (scaled, kept, skipped, failed) = (count(Outcome.Scaled), count(Outcome.Kept), count(Outcome.Skipped), count(Outcome.Failed));
        var scaledThenFailed = count(Outcome.ScaledThenFailed);
        var message = $"{workloads.Count} workloads: {scaled + scaledThenFailed} scaled, {kept} kept, {skipped} left to their HPA, {failed + scaledThenFailed} failed";
        RunLog.Write(output, clock.GetUtcNow(), failed + scaledThenFailed == 0 ? "info" : "error", writer =>
        {
            writer.WriteString("event", "summary");
            writer.WriteNumber("workloads", workloads.Count);
            writer.WriteNumber("scaled", scaled + scaledThenFailed);
            writer.WriteNumber("kept", kept);
            writer.WriteNumber("skipped", skipped);
            writer.WriteNumber("failed", failed + scaledThenFailed);
            writer.WriteString("message", message);
        });
        if (failed + scaledThenFailed == 0) return ScalerExitCodes.Done;
        return scaled + scaledThenFailed > 0 ? ScalerExitCodes.ScaledButRecordingFailed : ScalerExitCodes.FailedUnchanged;
    }

    private async Task<Outcome> DecideAsync(
        Workload workload, ScalerStateStore state, HpaIndex hpas, PrometheusClient prometheus, PredictorClient predictor, TextWriter output, DateTimeOffset now,
        CancellationToken stop)
    {
        var scale = new WorkloadScale(kubernetes, workload.Kind, workload.Name, workload.Namespace,
            $"{ScalerCatalogue.WorkloadsFile.Env} lists it: create it, or correct its name, namespace or kind there");
        IScaleTarget target = scale;
        var mapping = workload.Mapping;
        try
        {
            using var listing = CancellationTokenSource.CreateLinkedTokenSource(stop);
            listing.CancelAfter(Defaults.KubernetesCallTimeout);
            if (await hpas.TargetingAsync(workload, listing.Token) is { } hpa)
            {
                if (workload.Hpa == HpaMode.Leave) return await LeaveToHpaAsync(workload, scale, hpa, output, now, listing.Token);
                if (hpa.Metadata.Name != workload.HpaName)
                    throw new KubernetesCallException($"{workload} is scaled by HorizontalPodAutoscaler '{hpa.Metadata.Name}', but its hpaName is "
                        + $"'{workload.HpaName}', the only HPA LabA may patch; set hpaName to '{hpa.Metadata.Name}' in {ScalerCatalogue.WorkloadsFile.Env}");
                target = new HpaFloor(kubernetes, scale, hpa.Metadata.Name);
                mapping = mapping.Within(1, Math.Max(1, hpa.Spec.MaxReplicas));
            }
        }
        catch (Exception e) when (e is KubernetesCallException or OperationCanceledException && !stop.IsCancellationRequested)
        {
            var problem = e is KubernetesCallException ? e.Message : "the Kubernetes API did not answer 'list' on horizontalpodautoscalers in time";
            RunLog.Error(output, now, "kubernetes", $"{problem}; {workload.Name} left unchanged", scaled: false, target);
            return Outcome.Failed;
        }

        var own = settings with
        {
            TargetDeployment = workload.Name,
            TargetNamespace = workload.Namespace,
            LoadQuery = workload.Query,
            Rules = settings.Rules with { Mapping = mapping },
            PredictorUrl = predictor.Endpoint,
        };
        using var source = new RecommendationSource(own, predictor, prometheus, workload with { Mapping = mapping });
        var run = new ScaleRun(own, target, state, workload.StateId(settings.TargetNamespace), source, clock, output, deadline);
        var exitCode = await run.ExecuteAsync(stop);
        return exitCode switch
        {
            ScalerExitCodes.Done => run.Scaled ? Outcome.Scaled : Outcome.Kept,
            ScalerExitCodes.ScaledButRecordingFailed => Outcome.ScaledThenFailed,
            _ => Outcome.Failed,
        };
    }

    /// <summary>Two scalers on one count would fight: the HPA keeps it, and the run says so on the workload.</summary>
    private async Task<Outcome> LeaveToHpaAsync(
        Workload workload, WorkloadScale scale, V1HorizontalPodAutoscaler hpa, TextWriter output, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = $"left {workload.Name} to HorizontalPodAutoscaler '{hpa.Metadata.Name}', which scales it; set hpa: {WorkloadList.HpaFloor} "
                      + "for LabA to raise the HPA's minReplicas ahead of the forecast load instead";
        var uid = (await scale.ReadAsync(cancellationToken)).Uid;
        RunLog.Write(output, now, "info", writer =>
        {
            writer.WriteString("event", "skipped");
            writer.WriteString("namespace", workload.Namespace);
            writer.WriteString("deployment", workload.Name);
            writer.WriteString("hpa", hpa.Metadata.Name);
            writer.WriteString("message", message);
        });
        await scale.RecordEventAsync("Normal", LeftToHpaReason, message, uid, now, cancellationToken);
        return Outcome.Skipped;
    }
}
