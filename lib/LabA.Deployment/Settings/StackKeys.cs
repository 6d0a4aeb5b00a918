using LabA.Domain.Settings;

namespace LabA.Deployment.Settings;

/// <summary>
/// The stack config keys (<c>pulumi config set lab-a:&lt;key&gt; &lt;value&gt;</c>), as Pulumi.dev.yaml spells them: those of
/// the apps' settings are their declarations' <see cref="Setting.StackKey"/> (<see cref="Declared"/>); the stack's own are here.
/// </summary>
public static class StackKeys
{
    /// <summary>The Pulumi project name, which is also the namespace of every key in the stack file.</summary>
    public const string Project = "lab-a";

    public const string Cluster = "cluster";
    public const string ClusterName = "clusterName";
    public const string SampleAppImage = "sampleAppImage";
    /// <summary><c>install</c> | the http(s) URL of an existing Prometheus | <c>off</c> (the open loop).</summary>
    public const string Prometheus = "prometheus";
    public const string LoadQuery = "loadQuery";
    /// <summary>The retrain CronJob's five-field cron (UTC), or <c>off</c>; there is none without a Prometheus to read history from.</summary>
    public const string RetrainSchedule = "retrainSchedule";
    /// <summary>How much history one retrain reads from Prometheus (<c>14d</c>, <c>1d12h</c>).</summary>
    public const string RetrainRange = "retrainRange";
    /// <summary>
    /// The user's own workloads, Pulumi structured config (<c>pulumi config set --path 'lab-a:workloads[0].name' checkout</c>);
    /// unset or empty: the demo. No default, so the stack file shows it as a comment.
    /// </summary>
    public const string Workloads = "workloads";

    /// <summary>How an existing Prometheus is asked: <c>basic:&lt;username&gt;</c> or <c>bearer</c>; unset: without credentials.</summary>
    public const string PrometheusAuth = "prometheusAuth";
    /// <summary>The password (basic) or token (bearer) of <see cref="PrometheusAuth"/>: a Pulumi secret, mounted as a file.</summary>
    public const string PrometheusSecret = "prometheusSecret";

    // Only with `cluster: existing`; none has a default, so the stack file shows them as comments.
    public const string Kubeconfig = "kubeconfig";
    public const string KubeContext = "kubeContext";
    public const string Registry = "registry";
    public const string RegistryUsername = "registryUsername";
    public const string RegistryPassword = "registryPassword";
    public const string ImagePullSecret = "imagePullSecret";

    /// <summary>The apps' settings the stack sets, each under its <see cref="Setting.StackKey"/>, the Scaler's first.</summary>
    public static IReadOnlyList<Setting> Declared { get; } =
        [.. ScalerCatalogue.All.Concat(PredictorCatalogue.All).Where(setting => setting.StackKey is not null).Distinct()];

    /// <summary>The keys of the stack's own, with a default.</summary>
    public static IReadOnlyList<string> Own { get; } = [Cluster, ClusterName, SampleAppImage, Prometheus, LoadQuery, RetrainSchedule, RetrainRange];

    /// <summary>The keys with a default, each of which Pulumi.dev.yaml holds.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. Own, .. Declared.Where(setting => setting.DefaultText is not null).Select(setting => setting.StackKey!)];

    /// <summary>The keys of an existing cluster, unset unless used.</summary>
    public static IReadOnlyList<string> ExistingCluster { get; } =
        [Kubeconfig, KubeContext, Registry, RegistryUsername, RegistryPassword, ImagePullSecret];

    /// <summary>Keys read with <c>Config.GetSecret</c>: set them with <c>pulumi config set --secret</c>.</summary>
    public static IReadOnlyList<string> Secrets { get; } = [Kubeconfig, RegistryPassword, PrometheusSecret];

    /// <summary>The keys of an existing Prometheus' credentials, unset unless used.</summary>
    public static IReadOnlyList<string> PrometheusCredentials { get; } = [PrometheusAuth, PrometheusSecret];

    /// <summary>The key as users type it in <c>pulumi config set</c>, which is how errors name it.</summary>
    public static string Qualified(string key) => $"{Project}:{key}";
}
