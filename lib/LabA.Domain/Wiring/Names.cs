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
    /// <summary>Workloads mode: the model store of one model, in the predictor's namespace, mounted at MODELS_DIR/&lt;model&gt;.</summary>
    public static string ModelStoreOf(string model) => $"{ModelStore}-{model}";

    /// <summary>Workloads mode: the ConfigMap holding the workloads list, mounted into the Scaler's and the retrain job's pods.</summary>
    public const string WorkloadsConfigMap = "lab-a-workloads";
    /// <summary>The key (and file name) of the list in <see cref="WorkloadsConfigMap"/>.</summary>
    public const string WorkloadsFileName = "workloads.json";

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

    /// <summary>The Secret holding an existing Prometheus' password or bearer token, mounted into the Scaler's and the retrain job's pods.</summary>
    public const string PrometheusCredentials = "lab-a-prometheus-auth";

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
