using LabA.Deployment.Images;
using LabA.Deployment.Monitoring;
using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;

using static LabA.Domain.Settings.RecommendationCatalogue;

namespace LabA.Deployment.Settings;

/// <summary>
/// The stack's settings, bound from a key lookup (Pulumi's <c>Config.Get</c>, or a dictionary in tests) and
/// validated before anything is created. A bad value fails with a <see cref="SettingsException"/> naming the
/// key as users type it (<c>lab-a:minReplicas</c>).
/// </summary>
/// <param name="Existing">The existing cluster the lab runs on; null for the kind cluster the stack creates.</param>
/// <param name="ScalerKeys">
/// The Scaler's settings as the stack's keys set them (<see cref="StackKeys.Declared"/>), each read by the Scaler's own
/// declaration; those without a key at their defaults.
/// </param>
/// <param name="PredictorKeys">The Predictor's settings as the stack's keys set them, likewise.</param>
/// <param name="RetrainSchedule">When the retrain job runs; null with <c>lab-a:retrainSchedule off</c>.</param>
/// <param name="RetrainRange">How much history one retrain reads.</param>
/// <param name="PrometheusAuth">How the existing Prometheus is asked; null: without credentials.</param>
public sealed record StackSettings(
    ExistingClusterSettings? Existing,
    string ClusterName,
    ScalerSettings ScalerKeys,
    PredictorSettings PredictorKeys,
    string SampleAppImage,
    PrometheusSource Prometheus,
    string LoadQuery,
    CronSchedule? RetrainSchedule,
    TimeSpan RetrainRange,
    PrometheusAuth? PrometheusAuth = null)
{
    /// <summary>The <c>lab-a:retrainSchedule</c> value that disables the retrain job.</summary>
    public const string RetrainOff = "off";

    /// <summary>
    /// <c>lab-a:workloads</c>: the user's own Deployments and StatefulSets the stack scales; empty for the demo (the sample
    /// app and its synthetic load).
    /// </summary>
    public IReadOnlyList<Workload> Workloads { get; init; } = [];

    /// <summary><c>lab-a:namespace</c>: where everything the stack deploys lives, the Scaler's TARGET_NAMESPACE.</summary>
    public string Namespace => ScalerKeys.TargetNamespace;

    public ReplicaMapping Mapping => ScalerKeys.Rules.Mapping;

    public CronSchedule Schedule => ScalerKeys.Schedule;

    public TimeSpan ScaleDownStabilization => ScalerKeys.Rules.ScaleDownStabilization;

    public ProvisioningQuantile ProvisionQuantile => ScalerKeys.ProvisionQuantile;

    public TimeSpan? ObservationWindow => ScalerKeys.ObservationWindow;

    public TimeSpan PodStartup => ScalerKeys.PodStartup;

    public string? ModelVersion => PredictorKeys.PinnedModelVersion;

    /// <summary>The stack scales the user's workloads: no sample app, no load source.</summary>
    public bool WorkloadsMode => Workloads.Count > 0;

    /// <summary>Where the Scaler and the retrain job read the list (WORKLOADS_FILE): the ConfigMap's one key under its mount.</summary>
    public static string WorkloadsFile => $"{Defaults.WorkloadsMountPath}/{Names.WorkloadsFileName}";

    /// <summary>
    /// The documented default of every key, as Pulumi.dev.yaml holds it: the stack's own (which <see cref="Bind"/> falls
    /// back to), and each declared setting's.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DefaultValues { get; } = new Dictionary<string, string>(
    [
        new(StackKeys.Cluster, ClusterModes.Kind),
        new(StackKeys.ClusterName, Defaults.ClusterName),
        new(StackKeys.SampleAppImage, Defaults.SampleAppImage),
        new(StackKeys.Prometheus, PrometheusSource.Install),
        new(StackKeys.LoadQuery, DefaultLoadQuery),
        new(StackKeys.RetrainSchedule, Defaults.RetrainSchedule),
        new(StackKeys.RetrainRange, Defaults.RetrainRange),
        .. StackKeys.Declared.Where(setting => setting.DefaultText is not null)
            .Select(setting => KeyValuePair.Create(setting.StackKey!, setting.DefaultText!)),
    ]);

    /// <summary>Every key at its default; after <see cref="DefaultValues"/>, which binding reads.</summary>
    public static StackSettings Default { get; } = Bind(_ => null);

    /// <summary>The load source's gauge for the sample app: the demand the lab's model is trained on, in its unit.</summary>
    public static string DefaultLoadQuery => Names.LoadSourceQuery(Names.SampleApp);

    /// <param name="lookup">The raw value of a short key (<c>minReplicas</c>), or null when it is not set. Never asked for a secret key.</param>
    /// <param name="secretIsSet">Whether a key of <see cref="StackKeys.Secrets"/> is set (its value stays with Pulumi); none is when omitted.</param>
    public static StackSettings Bind(Func<string, string?> lookup, Func<string, bool>? secretIsSet = null)
    {
        // EnvReader brings the typed parsing and the key-naming errors; it is handed qualified keys so that
        // its messages read "lab-a:minReplicas: 'x' is not a whole number".
        var prefix = StackKeys.Qualified("");
        var config = new EnvReader(qualified => qualified.StartsWith(prefix, StringComparison.Ordinal) ? lookup(qualified[prefix.Length..]) : null);
        string Key(string key) => StackKeys.Qualified(key);
        // A key of the stack's own, at its one documented default when unset.
        string Own(string key) => config.String(Key(key), DefaultValues[key]);

        // Each app's own declarations read their stack keys, so a key is parsed, bounded and defaulted as its variable is.
        var declared = new SettingReader(config, setting => setting.StackKey is { } key ? Key(key) : null);
        var scaler = ScalerSettings.Read(declared);
        // Its directories are the cluster's (InCluster), so where a relative one would resolve is of no consequence.
        var predictor = PredictorSettings.Read(declared, AppContext.BaseDirectory);

        // kind names the node container and the kubeconfig context after the cluster, so it must be a DNS label too,
        // short enough to leave room for "-control-plane".
        var clusterName = KubernetesNames.DnsLabel(Key(StackKeys.ClusterName), Own(StackKeys.ClusterName), 49);
        var sampleAppImage = Own(StackKeys.SampleAppImage);
        if (sampleAppImage.Any(char.IsWhiteSpace))
            throw new SettingsException(Key(StackKeys.SampleAppImage), $"'{sampleAppImage}' is not an image reference (it contains whitespace)");
        var prometheus = PrometheusSource.Parse(Key(StackKeys.Prometheus), Own(StackKeys.Prometheus));
        var loadQuery = Own(StackKeys.LoadQuery);
        if (loadQuery.Trim().Length == 0 || loadQuery.Contains('\n'))
            throw new SettingsException(Key(StackKeys.LoadQuery), "must be one line of PromQL returning exactly one series (the load in the unit the model was trained on)");
        var retrainSchedule = BindRetrainSchedule(Key(StackKeys.RetrainSchedule), Own(StackKeys.RetrainSchedule));
        var retrainRange = BindRetrainRange(Key(StackKeys.RetrainRange), Own(StackKeys.RetrainRange), prometheus);
        var prometheusAuth = BindPrometheusAuth(config, prometheus, secretIsSet ?? (_ => false));
        var mode = ClusterModes.Parse(Key(StackKeys.Cluster), Own(StackKeys.Cluster));
        var existing = BindExistingCluster(mode, config, secretIsSet ?? (_ => false));
        var settings = new StackSettings(
            existing, clusterName, scaler, predictor, sampleAppImage, prometheus, loadQuery, retrainSchedule, retrainRange, prometheusAuth);
        // Pulumi's Config.Get hands structured config over as its JSON text.
        var workloads = lookup(StackKeys.Workloads) is { } list && list.Trim().Length > 0 ? WorkloadList.Parse(list, Key(StackKeys.Workloads), settings.Namespace) : [];
        if (workloads.Count == 0) return settings;
        settings = settings with { Workloads = workloads };
        CheckWorkloadsMode(settings);
        return settings;
    }

    /// <summary>
    /// What the user's workloads need of the rest of the config: a Prometheus that holds their metrics, and none of the
    /// demo's keys, which would be silently ignored. A demo key at its default (as Pulumi.dev.yaml holds it) is no choice.
    /// </summary>
    private static void CheckWorkloadsMode(StackSettings settings)
    {
        string Key(string key) => StackKeys.Qualified(key);
        var workloads = Key(StackKeys.Workloads);
        if (settings.Prometheus.Mode == PrometheusMode.Off)
            throw new SettingsException(Key(StackKeys.Prometheus), $"{PrometheusSource.Off} cannot serve {workloads}: the Scaler observes each workload " +
                "through its query; set the http(s) URL of the Prometheus that holds their metrics");
        if (settings.Prometheus.Mode == PrometheusMode.Install)
            throw new SettingsException(Key(StackKeys.Prometheus), $"{PrometheusSource.Install} scrapes only the lab's own services, so it could not answer " +
                $"the queries of {workloads}; set the http(s) URL of the Prometheus that holds their metrics");

        var demo = Default;
        (string Key, string Instead)? ignored = settings switch
        {
            _ when settings.LoadQuery != demo.LoadQuery => (StackKeys.LoadQuery, $"each workload's own {workloads}[i].{WorkloadList.Query}"),
            _ when settings.SampleAppImage != demo.SampleAppImage => (StackKeys.SampleAppImage, "no sample app is deployed"),
            _ when settings.Mapping.MinReplicas != demo.Mapping.MinReplicas => (MinReplicas.StackKey!, $"each workload's own {workloads}[i].{WorkloadList.MinReplicas}"),
            _ when settings.Mapping.MaxReplicas != demo.Mapping.MaxReplicas => (MaxReplicas.StackKey!, $"each workload's own {workloads}[i].{WorkloadList.MaxReplicas}"),
            _ when settings.Mapping.CpuLow != demo.Mapping.CpuLow => (CpuLow.StackKey!, $"each workload's own {workloads}[i].{WorkloadList.CpuLow}"),
            _ when settings.Mapping.CpuHigh != demo.Mapping.CpuHigh => (CpuHigh.StackKey!, $"each workload's own {workloads}[i].{WorkloadList.CpuHigh}"),
            _ => null,
        };
        if (ignored is var (key, instead))
            throw new SettingsException(Key(key), $"only used by the demo, which {workloads} replaces, so it would be ignored ({instead} applies); " +
                $"unset it with: pulumi config rm {Key(key)}");

        // The stack's own predictor is no workload to scale: the Role would hand the Scaler LabA's own Deployment.
        for (var i = 0; i < settings.Workloads.Count; i++)
            if (settings.Workloads[i] is { Kind: WorkloadKind.Deployment, Name: Names.Predictor } own && own.Namespace == settings.Namespace)
                throw new SettingsException($"{workloads}[{i}].{WorkloadList.Name}", $"{own} is LabA's own predictor, not a workload to scale");
    }

    /// <summary>Credentials only for a Prometheus given by URL, and always both halves: the kind (and user) and the secret.</summary>
    private static PrometheusAuth? BindPrometheusAuth(EnvReader config, PrometheusSource prometheus, Func<string, bool> secretIsSet)
    {
        string Key(string key) => StackKeys.Qualified(key);
        var text = config.String(Key(StackKeys.PrometheusAuth), "");
        var secretSet = secretIsSet(StackKeys.PrometheusSecret);
        if (text.Length == 0)
            return secretSet
                ? throw new SettingsException(Key(StackKeys.PrometheusSecret), $"set without {Key(StackKeys.PrometheusAuth)} (basic:<username> or bearer), so nothing would use it")
                : null;
        var auth = PrometheusAuth.Parse(Key(StackKeys.PrometheusAuth), text);
        if (prometheus.Mode != PrometheusMode.Existing)
            throw new SettingsException(Key(StackKeys.PrometheusAuth), $"only used with {Key(StackKeys.Prometheus)} set to the URL of an existing Prometheus " +
                $"(the installed one needs none); unset it with: pulumi config rm {Key(StackKeys.PrometheusAuth)}");
        if (!secretSet)
            throw new SettingsException(Key(StackKeys.PrometheusSecret), $"required with {Key(StackKeys.PrometheusAuth)} {text} " +
                $"(set it with: pulumi config set --secret {Key(StackKeys.PrometheusSecret)} <{(auth.Kind == PrometheusAuthKind.Basic ? "password" : "token")}>)");
        return auth;
    }

    private static CronSchedule? BindRetrainSchedule(string key, string text)
    {
        if (text == RetrainOff) return null;
        try
        {
            return CronSchedule.Parse(text, key);
        }
        catch (SettingsException e)
        {
            throw new SettingsException(key, $"{e.Problem} (or {RetrainOff}, for no retrain job)");
        }
    }

    /// <summary>
    /// A range a retrain could never use is refused before anything is created: one too short to train and judge on
    /// (the job would only ever skip), or one longer than the installed Prometheus keeps.
    /// </summary>
    private static TimeSpan BindRetrainRange(string key, string text, PrometheusSource prometheus)
    {
        if (!Durations.TryParseWithDays(text, out var range) || range <= TimeSpan.Zero)
            throw new SettingsException(key, $"'{text}' is not a positive span of history (write e.g. 14d, 7d12h, 240h)");
        if (range < Defaults.RetrainMinimumHistory)
            throw new SettingsException(key, $"{Durations.FormatWithDays(range)} is below the {Durations.FormatWithDays(Defaults.RetrainMinimumHistory)} " +
                "a retrain needs (a day of hold-out, and Holt-Winters' window and a day to fit on before it)");
        if (prometheus.Mode == PrometheusMode.Install && range > PrometheusChart.RetentionPeriod)
            throw new SettingsException(key, $"{Durations.FormatWithDays(range)} is more than the installed Prometheus keeps " +
                $"({PrometheusChart.Retention}); read at most that");
        return range;
    }

    private static ExistingClusterSettings? BindExistingCluster(ClusterMode mode, EnvReader config, Func<string, bool> secretIsSet)
    {
        string Key(string key) => StackKeys.Qualified(key);
        string? Optional(string key) => config.String(Key(key), "") is { Length: > 0 } value ? value : null;
        bool IsSet(string key) => StackKeys.Secrets.Contains(key) ? secretIsSet(key) : Optional(key) is not null;

        if (mode == ClusterMode.Kind)
        {
            // The kind cluster has its own kubeconfig, context and image path; a key that would be ignored is a mistake.
            if (StackKeys.ExistingCluster.FirstOrDefault(IsSet) is { } stray)
                throw new SettingsException(Key(stray), $"only used with {Key(StackKeys.Cluster)} {ClusterModes.Existing} (the kind cluster brings its own); " +
                    $"unset it with: pulumi config rm {Key(stray)}");
            return null;
        }

        var registry = Optional(StackKeys.Registry) is { } registryValue
            ? RegistryReference.Parse(Key(StackKeys.Registry), registryValue)
            : throw new SettingsException(Key(StackKeys.Registry),
                $"required with {Key(StackKeys.Cluster)} {ClusterModes.Existing}: the registry the images are pushed to and the cluster pulls from (e.g. registry.example.com/team)");
        var username = Optional(StackKeys.RegistryUsername);
        var passwordSet = secretIsSet(StackKeys.RegistryPassword);
        if (username is not null && !passwordSet)
            throw new SettingsException(Key(StackKeys.RegistryPassword), $"required with {Key(StackKeys.RegistryUsername)} " +
                $"(set it with: pulumi config set --secret {Key(StackKeys.RegistryPassword)} <password>)");
        if (username is null && passwordSet)
            throw new SettingsException(Key(StackKeys.RegistryUsername), $"required with {Key(StackKeys.RegistryPassword)}");
        var context = Optional(StackKeys.KubeContext);
        if (context is not null && context.Any(char.IsWhiteSpace))
            throw new SettingsException(Key(StackKeys.KubeContext), $"'{context}' is not a context name (it contains whitespace)");
        var pullSecret = Optional(StackKeys.ImagePullSecret) is { } secretName
            ? KubernetesNames.DnsSubdomain(Key(StackKeys.ImagePullSecret), secretName)
            : null;
        return new ExistingClusterSettings(context, secretIsSet(StackKeys.Kubeconfig), registry, username, pullSecret);
    }

    public ClusterMode Mode => Existing is null ? ClusterMode.Kind : ClusterMode.Existing;

    /// <summary>The kind node container, the one images are loaded into.</summary>
    public string ControlPlaneContainer => $"{ClusterName}-control-plane";

    /// <summary>The context kind writes into kubeconfig, or the one configured for an existing cluster; null for the kubeconfig's current context.</summary>
    public string? KubeContext => Existing is null ? $"kind-{ClusterName}" : Existing.KubeContext;

    public Uri PredictorUrl => PredictorAddress.InCluster(Namespace);

    /// <summary>The Prometheus the Scaler and the retrain job query; null with <c>lab-a:prometheus off</c> (the open loop).</summary>
    public Uri? PrometheusUrl => Prometheus.UrlIn(Namespace);

    /// <summary>
    /// The Predictor's settings for this stack; its Deployment's env is <see cref="PredictorSettings.ToEnvironment"/> of
    /// this. With workloads each model's store is mounted under MODELS_DIR, and the one-model route serves the image's
    /// model, as there is no demo store to publish into (the bootstrap stays, for a model whose store is still empty).
    /// </summary>
    public PredictorSettings Predictor => WorkloadsMode
        ? PredictorKeys.InCluster() with { ModelDirectory = Defaults.ImageModelDir, ModelsDirectory = Defaults.ModelsMountPath }
        : PredictorKeys.InCluster();

    /// <summary>The models the Predictor serves, in the order the list first names them: one store and one mount each.</summary>
    public IReadOnlyList<string> Models => [.. Workloads.Select(workload => workload.Model).Distinct(StringComparer.Ordinal)];

    /// <summary>The Scaler's settings for this stack; its CronJob's env is <see cref="ScalerSettings.ToEnvironment"/> of this.</summary>
    public ScalerSettings Scaler => ScalerKeys with
    {
        PredictorUrl = PredictorUrl,
        TargetDeployment = Names.SampleApp,
        PrometheusUrl = PrometheusUrl,
        // Spelt out even when it is the Scaler's own default, so the retrain job can be handed the very same query; with
        // workloads each has its own, in the list.
        LoadQuery = WorkloadsMode ? null : LoadQuery,
        WorkloadsFile = WorkloadsMode ? WorkloadsFile : null,
    };
}
