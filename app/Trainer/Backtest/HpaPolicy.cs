using LabA.Domain.Scaling;

namespace LabA.Trainer.Backtest;

/// <summary>
/// The Kubernetes HorizontalPodAutoscaler with its default behaviour, as its replica calculator works
/// (pkg/controller/podautoscaler): every sync period it reads CPU usage as it was <see cref="HpaSettings.MetricsLag"/>
/// ago, computes the usage ratio over the pods that have metrics, leaves the count alone within the tolerance, counts
/// not-yet-ready pods as idle when that would scale up, then applies the scale-down stabilization window and the default
/// rate limits (up by 4 pods or 100%, down by 100%, per 15 s).
/// The load's "usage ratio" is the replicas the load needs (the shared mapping, unrounded) over the pods that served it.
/// </summary>
public sealed class HpaPolicy(string name, HpaSettings settings, ReplicaMapping mapping) : IReplicaPolicy
{
    /// <summary>The default scale-up policy's fixed part: at least 4 pods per period, whatever the percentage gives.</summary>
    private const int DefaultScaleUpPods = 4;

    public string Name { get; } = name;

    public IEnumerable<DateTimeOffset> DecisionTimes(DateTimeOffset from, DateTimeOffset to)
    {
        for (var time = from; time < to; time += settings.SyncPeriod) yield return time;
    }

    public int InitialReplicas(int demandAtStart) => demandAtStart;

    public ScalingDecision Decide(DecisionContext context)
    {
        var recommended = Recommend(context);
        var current = context.Current;
        var rules = new ScalingRules(
            mapping,
            MaxScaleUpStep: Math.Max(DefaultScaleUpPods, current),
            MaxScaleDownStep: Math.Max(current, 1),
            settings.ScaleDownStabilization);
        return ScalingPolicy.Decide(rules, current, recommended, context.Now, context.History);
    }

    /// <summary>The replica calculator's answer before stabilization and rate limits.</summary>
    public int Recommend(DecisionContext context)
    {
        var current = context.Current;
        var sampledAt = context.Now - settings.MetricsLag;
        var needed = mapping.ReplicasNeeded(context.LoadAt(sampledAt));
        // The load was spread over the pods serving when it was sampled; the pods that exist now and were ready
        // by then are the ones with metrics. The others are still starting (or their metric predates readiness).
        var servedBy = context.ReadyAt(sampledAt);
        var withMetrics = context.ExistingReadySince(sampledAt);
        if (servedBy == 0 || withMetrics == 0) return current; // no metrics: the HPA does not act

        var usageRatio = needed / servedBy;
        var unready = current - withMetrics;
        if (unready == 0 || usageRatio <= 1)
        {
            if (Math.Abs(1 - usageRatio) <= settings.Tolerance) return current;
            return CeilingReplicas(usageRatio * withMetrics);
        }

        // Scaling up with pods still starting: count them as idle, and do nothing if that alone brings usage in tolerance.
        var withIdleUnready = usageRatio * withMetrics / current;
        if (withIdleUnready <= 1 || Math.Abs(1 - withIdleUnready) <= settings.Tolerance) return current;
        return CeilingReplicas(withIdleUnready * current);
    }

    // Float error in the ratio must not buy a pod (10 * 0.3 / 0.3 must stay 10).
    private static int CeilingReplicas(double replicas) => (int)Math.Ceiling(replicas - 1e-9);
}
