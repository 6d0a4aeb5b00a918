using k8s;
using LabA.Domain.Scaling;
using LabA.Domain.Wiring;
using LabA.Scaler.Cluster;
using LabA.Scaler.Decisions;
using LabA.Scaler.Forecasts;

namespace LabA.Scaler;

/// <summary>
/// One CronJob run: ask the predictor, read the Deployment, decide with the shared policy, scale if the count
/// changes, and record the decision. Returns the process exit code: 0 decided, <see cref="ScalerApp.Failed"/>
/// otherwise (a bad forecast never reaches the Deployment).
/// </summary>
public sealed class ScaleRun(ScalerSettings settings, IKubernetes kubernetes, PredictorClient predictor, TimeProvider clock, TextWriter log)
{
    /// <summary>How often a 409 Conflict on the scale subresource is answered by re-reading and deciding again.</summary>
    public const int MaxConflictRetries = 3;

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        try
        {
            // Ask for the moment pods started now would be ready, over the span until the next run's pods are.
            var readyAt = now + Defaults.Horizon;
            var forecast = await predictor.ForecastAsync(readyAt, settings.ForecastWindow, cancellationToken);
            var target = new TargetDeployment(kubernetes, settings.TargetDeployment, settings.TargetNamespace);
            var (state, record) = await DecideAndScaleAsync(target, forecast, now, readyAt + settings.ForecastWindow, cancellationToken);
            record.WriteLog(log);
            await target.AnnotateAsync(record.Annotations, cancellationToken);
            await target.RecordEventAsync(record.EventReason, record.Summary, state, now, cancellationToken);
            return 0;
        }
        catch (PredictorException e)
        {
            RunLog.Error(log, now, "predictor", $"{e.Message}; {settings.TargetDeployment} left unchanged");
            return ScalerApp.Failed;
        }
        catch (KubernetesCallException e)
        {
            RunLog.Error(log, now, "kubernetes", e.Message);
            return ScalerApp.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The Job was stopped (deadline, node drain): a scale patch either landed whole or not at all.
            RunLog.Error(log, now, "cancelled", "the run was stopped before it finished recording its decision");
            return ScalerApp.Failed;
        }
    }

    private async Task<(DeploymentState State, DecisionRecord Record)> DecideAndScaleAsync(
        TargetDeployment target, Forecast forecast, DateTimeOffset now, DateTimeOffset forecastCoversUntil, CancellationToken cancellationToken)
    {
        for (var conflicts = 0; ; conflicts++)
        {
            var state = await target.ReadAsync(cancellationToken);
            var (history, warning) = ReadHistory(state, now);
            var decision = ScalingPolicy.Decide(
                settings.Rules, state.Replicas, forecast.RecommendedReplicas, now, history, neededUntil: forecastCoversUntil);
            var record = new DecisionRecord(target.Name, target.Namespace, now, forecast, decision, settings.DryRun, conflicts, warning);
            if (!record.Scaled || await target.TryScaleAsync(decision.Desired, state.ResourceVersion, cancellationToken))
                return (state, record);
            if (conflicts == MaxConflictRetries)
                throw new KubernetesCallException(
                    $"gave up scaling Deployment '{target.Name}' in namespace '{target.Namespace}' after {conflicts + 1} conflicts (409): "
                    + "something else keeps changing its replica count (an HPA on the same Deployment?)");
        }
    }

    /// <summary>
    /// The kept recommendations. An annotation that cannot be read (edited by hand?) must not lift the
    /// stabilization: the current count then counts as a fresh recommendation, holding scale-downs for one window.
    /// </summary>
    private static (IReadOnlyList<Recommendation> History, string? Warning) ReadHistory(DeploymentState state, DateTimeOffset now)
    {
        if (!state.Annotations.TryGetValue(Annotations.Recommendations, out var text)) return ([], null);
        return RecommendationHistory.TryParse(text) is { } history
            ? (history, null)
            : ([new Recommendation(now, state.Replicas)],
                $"annotation {Annotations.Recommendations} was unreadable, so the current count holds scale-downs for one stabilization window");
    }
}
