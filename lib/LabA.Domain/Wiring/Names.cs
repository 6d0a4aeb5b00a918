namespace LabA.Domain.Wiring;

/// <summary>Names and labels of the Kubernetes objects LabA creates or touches.</summary>
public static class Names
{
    public const string Project = "lab-a";
    public const string SampleApp = "sample-app";
    public const string Predictor = "predictor";
    public const string Scaler = "scaler";
    public const string ServiceAccount = "autoscaler-sa";
    /// <summary>
    /// The ConfigMap holding the Scaler's state between runs (recommendation history, last decision), in the target's
    /// namespace. The stack creates it; the Scaler may only get and update it.
    /// </summary>
    public const string ScalerState = "lab-a-scaler-state";

    /// <summary>
    /// The ConfigMap the retrain job publishes the serving model into (binaryData: see <see cref="ModelStoreKeys"/>),
    /// in the predictor's namespace. The stack creates it; the job may only get and update it.
    /// </summary>
    public const string ModelStore = "lab-a-model";
    /// <summary>The retrain CronJob's component name.</summary>
    public const string Retrain = "retrain";
    /// <summary>The retrain job's own ServiceAccount: its Role reaches the model store and Events, nothing of the Scaler's.</summary>
    public const string RetrainServiceAccount = "retrain-sa";
    /// <summary>The retrain job as the writer of the model store and the source of its Events.</summary>
    public const string RetrainFieldManager = "lab-a-retrain";

    /// <summary>
    /// The <see cref="Labels.Name"/> value of pods allowed to scrape the predictor's /metrics through its NetworkPolicy:
    /// the label the Prometheus Operator and the prometheus Helm chart give their Prometheus pods.
    /// </summary>
    public const string Prometheus = "prometheus";

    /// <summary>The load source's Deployment and Service: the synthetic demand, served for Prometheus to scrape.</summary>
    public const string LoadSource = "load-source";
    /// <summary>The in-cluster Prometheus server's Service (the Helm chart's server, its name pinned by the stack).</summary>
    public const string PrometheusServer = "prometheus-server";

    /// <summary>The gauge the load source serves: the synthetic demand of one workload, which the Scaler observes.</summary>
    public const string LoadSourceMetric = "laba_synthetic_load";
    /// <summary>The gauge's label naming the workload the demand belongs to.</summary>
    public const string LoadSourceTargetLabel = "target";

    /// <summary>The PromQL for the load source's gauge of one workload, e.g. <c>laba_synthetic_load{target="sample-app"}</c>.</summary>
    public static string LoadSourceQuery(string target) => $"{LoadSourceMetric}{{{LoadSourceTargetLabel}=\"{target}\"}}";

    /// <summary>The component that writes Events and annotations, shown as their source.</summary>
    public const string FieldManager = "lab-a-scaler";
}

public static class Labels
{
    /// <summary>The original lab's selector label, kept so its kubectl commands still work.</summary>
    public const string App = "app";
    public const string Name = "app.kubernetes.io/name";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string Component = "app.kubernetes.io/component";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
}

/// <summary>
/// The keys of the Scaler's state in the <see cref="Names.ScalerState"/> ConfigMap, each prefixed with the target
/// Deployment's name (and ".dry-run" for DRY_RUN runs, whose history never steers real runs).
/// </summary>
public static class ScalerStateKeys
{
    public const string DryRunInfix = ".dry-run";
    /// <summary>Recent recommendations (time and replicas) for scale-down stabilization.</summary>
    public const string Recommendations = "recommendations";
    public const string LastPredictedCpu = "last-predicted-cpu";
    public const string LastRecommendation = "last-recommendation";
    public const string LastDecision = "last-decision";
    public const string LastDecisionTime = "last-decision-time";
    /// <summary>Closed loop: the latest observed load the floor was computed from; empty when the run had none.</summary>
    public const string LastObservedLoad = "last-observed-load";
    /// <summary>Closed loop: "forecast" or "observed", the side of the reactive floor that set the recommendation; empty without one.</summary>
    public const string LastFloorWinner = "last-floor-winner";

    /// <summary>The prefix of one target's keys, e.g. "sample-app." or "sample-app.dry-run.".</summary>
    public static string PrefixFor(string deployment, bool dryRun) => deployment + (dryRun ? DryRunInfix : "") + ".";
}
