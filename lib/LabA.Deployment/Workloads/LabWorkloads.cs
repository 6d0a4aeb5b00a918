using System.Globalization;
using LabA.Deployment.Images;
using LabA.Deployment.Monitoring;
using LabA.Deployment.Settings;
using LabA.Domain.Scaling;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;

namespace LabA.Deployment.Workloads;

public static class LabWorkloads
{
    /// <summary>The user the official .NET images (and LabA's Dockerfiles) run as: <c>app</c>, UID 1654.</summary>
    public const long DotnetAppUser = 1654;

    /// <summary>The <c>nginx</c> user of the nginx:alpine image.</summary>
    public const long NginxUser = 101;

    /// <summary>An unprivileged port, so that nginx needs no capability to bind it as a non-root user.</summary>
    public const int SampleAppPort = 8080;

    /// <summary>Port 80 needs no capability when the runtime allows unprivileged ports, but not every kind node does: listen on 8080.</summary>
    private const string SampleAppNginxConfig = """
        server {
            listen 8080;
            location / {
                root /usr/share/nginx/html;
                index index.html;
            }
        }
        """;

    /// <summary>
    /// The demo (the sample app, its synthetic load, one model) without <c>lab-a:workloads</c>; with it, the user's
    /// workloads: no sample app and no load source, the list in a ConfigMap the Scaler and the retrain job mount, a model
    /// store per model, and the Scaler's Roles in every namespace of the list.
    /// </summary>
    public static WorkloadPlan Plan(StackSettings settings, LabImageReferences images)
    {
        var predictor = Predictor(settings, images.Predictor);
        var loadSource = settings.WorkloadsMode ? null : LoadSource(settings, images.Trainer);
        var retrain = RetrainWorkload.Plan(settings, images.Trainer);
        return new WorkloadPlan(
            settings.Namespace,
            settings.WorkloadsMode ? null : SampleApp(settings),
            predictor,
            loadSource,
            ScalerRbac(settings),
            // Created empty, once: its data is the Scaler's from then on, so a later `pulumi up` must not reset it.
            new ConfigMapPlan(Names.ScalerState, LabelsOf(Names.Scaler, "autoscaler"), new Dictionary<string, string>(), DataOwnedByApp: true),
            Scaler(settings, images.Scaler),
            retrain,
            settings.Prometheus.Mode == PrometheusMode.Install
                ? PrometheusChart.Plan(settings.Namespace, [.. loadSource is null ? [] : new[] { ScrapeOf(loadSource, settings) }, ScrapeOf(predictor, settings)])
                : null,
            NetworkPolicies.Egress(settings, predictor, retrain),
            PrometheusCredentials(settings),
            WorkloadsList(settings),
            WorkloadAccess.OtherNamespaces(settings));
    }

    /// <summary>
    /// The list as the Scaler and the retrain job read it: every setting spelt out, namespaces resolved. The stack owns it:
    /// a change of <c>lab-a:workloads</c> reaches the next run.
    /// </summary>
    private static ConfigMapPlan? WorkloadsList(StackSettings settings) => settings.WorkloadsMode
        ? new ConfigMapPlan(Names.WorkloadsConfigMap, LabelsOf(Names.Project, "workloads"),
            new Dictionary<string, string> { [Names.WorkloadsFileName] = WorkloadList.ToJson(settings.Workloads) })
        : null;

    /// <summary>The list's ConfigMap in a pod that reads it, where WORKLOADS_FILE points; none for the demo.</summary>
    internal static IReadOnlyList<VolumePlan> WorkloadsVolume(StackSettings settings) => settings.WorkloadsMode
        ? [new VolumePlan("workloads", Defaults.WorkloadsMountPath, ConfigMap: Names.WorkloadsConfigMap, ReadOnlyConfig: true)]
        : [];

    /// <summary>The model stores the Predictor mounts and the retrain job publishes into: the demo's one, or one per model of the list.</summary>
    public static IReadOnlyList<string> ModelStores(StackSettings settings) =>
        settings.WorkloadsMode ? [.. settings.Models.Select(Names.ModelStoreOf)] : [Names.ModelStore];

    /// <summary>The Secret of <c>lab-a:prometheusSecret</c>, when an existing Prometheus is asked with credentials.</summary>
    internal static SecretPlan? PrometheusCredentials(StackSettings settings) => settings.PrometheusAuth is { } auth
        ? new SecretPlan(Names.PrometheusCredentials, LabelsOf(Names.Prometheus, "credentials"), auth.SecretKey, StackKeys.PrometheusSecret)
        : null;

    /// <summary>
    /// What a pod that queries Prometheus needs beyond <paramref name="env"/> and <paramref name="volumes"/>: with
    /// credentials, the Secret mounted as a file and its path (and the username) in env for the Prometheus client.
    /// </summary>
    internal static (IReadOnlyList<KeyValuePair<string, string>> Env, IReadOnlyList<VolumePlan> Volumes) WithPrometheusCredentials(
        StackSettings settings, IReadOnlyList<KeyValuePair<string, string>> env, IReadOnlyList<VolumePlan> volumes) =>
        settings.PrometheusAuth is { } auth && settings.PrometheusUrl is not null
            ? ([.. env, .. auth.Environment], [.. volumes, new VolumePlan("prometheus-auth", PrometheusAuth.MountPath, Secret: Names.PrometheusCredentials)])
            : (env, volumes);

    /// <summary>Prometheus' pods in Prometheus' namespace, when it runs in the cluster; none otherwise.</summary>
    private static IReadOnlyList<IngressPeer> Scrapers(StackSettings settings) =>
        NetworkPolicies.PrometheusNamespace(settings) is { } ns ? [IngressPeer.PrometheusIn(ns)] : [];

    /// <summary>Prometheus reaches a service through its Service, as the Scaler reaches the predictor.</summary>
    private static ScrapeTarget ScrapeOf(ServiceDeploymentPlan service, StackSettings settings) =>
        new(service.Name, service.HostIn(settings.Namespace), service.ServicePort);

    public static IReadOnlyDictionary<string, string> LabelsOf(string name, string component) => new Dictionary<string, string>
    {
        [Labels.App] = name,
        [Labels.Name] = name,
        [Labels.PartOf] = Names.Project,
        [Labels.Component] = component,
        [Labels.ManagedBy] = "pulumi",
    };

    /// <summary>Selectors are immutable once created, so they hold only the `app` label, the one the network policies and Services select by.</summary>
    public static IReadOnlyDictionary<string, string> SelectorOf(string name) => new Dictionary<string, string> { [Labels.App] = name };

    private static ServiceDeploymentPlan SampleApp(StackSettings settings)
    {
        var labels = LabelsOf(Names.SampleApp, "target");
        var config = new ConfigMapPlan($"{Names.SampleApp}-nginx", labels, new Dictionary<string, string> { ["default.conf"] = SampleAppNginxConfig });
        var container = new ContainerPlan(
            Names.SampleApp,
            settings.SampleAppImage,
            Env: [],
            Port: SampleAppPort,
            Liveness: null,
            Readiness: null,
            new ComputeResources("50m", "32Mi", "200m", "64Mi"),
            // nginx writes its pid and temp files; with a read-only root those need volumes of their own.
            [
                new VolumePlan("nginx-conf", "/etc/nginx/conf.d", ConfigMap: config.Name),
                new VolumePlan("nginx-cache", "/var/cache/nginx"),
                new VolumePlan("nginx-run", "/var/run"),
                new VolumePlan("tmp", "/tmp"),
            ]);
        return new ServiceDeploymentPlan(
            Names.SampleApp, "target",
            Replicas: settings.Mapping.MinReplicas,
            ReplicasOwnedByScaler: true,
            new PodPlan(labels, container, new PodSecurity(NginxUser)),
            ServicePort: 80,
            // The sample app is the thing being served: any source may reach its port (and only that port). A user
            // who wants it narrower replaces this policy's rule.
            IngressPolicy.FromAnywhere,
            [config]);
    }

    private static ServiceDeploymentPlan Predictor(StackSettings settings, string image)
    {
        var labels = LabelsOf(Names.Predictor, "forecast");
        var port = settings.Predictor.Port;
        // Created empty, once: the retrain job publishes into them from then on, so a later `pulumi up` must not reset them.
        var modelStores = ModelStores(settings).Select(store => new ConfigMapPlan(store, labels, new Dictionary<string, string>(), DataOwnedByApp: true)).ToList();
        // The whole ConfigMap as a volume: a subPath mount would never see the kubelet's atomic ..data swap.
        VolumePlan[] storeVolumes = settings.WorkloadsMode
            ? [.. settings.Models.Select(model => new VolumePlan($"model-{model}", $"{settings.Predictor.ModelsDirectory}/{model}", ConfigMap: Names.ModelStoreOf(model), ReadOnlyConfig: true))]
            : [new VolumePlan("model-store", settings.Predictor.ModelDirectory, ConfigMap: Names.ModelStore)];
        var container = new ContainerPlan(
            Names.Predictor,
            image,
            Env: settings.Predictor.ToEnvironment(),
            Port: port,
            // Liveness only asks whether the process answers; readiness waits for the model, so a pod still
            // loading it gets no traffic but is not restarted.
            Liveness: new HttpProbe("/health", port, InitialDelaySeconds: 5, PeriodSeconds: 10, TimeoutSeconds: 2, FailureThreshold: 3),
            Readiness: new HttpProbe("/ready", port, InitialDelaySeconds: 2, PeriodSeconds: 5, TimeoutSeconds: 2, FailureThreshold: 3),
            new ComputeResources("100m", "128Mi", "500m", "512Mi"),
            [new VolumePlan("tmp", "/tmp"), .. storeVolumes]);
        return new ServiceDeploymentPlan(
            Names.Predictor, "forecast",
            Replicas: 1,
            ReplicasOwnedByScaler: false,
            new PodPlan(labels, container, new PodSecurity(DotnetAppUser), ImagePullSecrets: ImagePullSecrets(settings)),
            Defaults.PredictorServicePort,
            // The Scaler asks it; Prometheus reads its /metrics. Nothing else in the cluster reaches it.
            IngressPolicy.Only([new IngressPeer(SelectorOf(Names.Scaler)), .. Scrapers(settings)]),
            modelStores);
    }

    /// <summary>
    /// The synthetic demand at wall-clock time, the Trainer's <c>load-source</c> with the generator's defaults (the
    /// curve, knobs and seed the default model was trained on). It has no API token and is told nothing of the
    /// replicas, so scaling cannot feed back into the demand it serves; only Prometheus may reach it.
    /// </summary>
    private static ServiceDeploymentPlan LoadSource(StackSettings settings, string image)
    {
        var labels = LabelsOf(Names.LoadSource, "load");
        var port = Defaults.LoadSourcePort;
        var metrics = new HttpProbe("/metrics", port, InitialDelaySeconds: 2, PeriodSeconds: 10, TimeoutSeconds: 2, FailureThreshold: 3);
        var container = new ContainerPlan(
            Names.LoadSource,
            image,
            Env: [],
            Port: port,
            Liveness: metrics,
            Readiness: metrics,
            new ComputeResources("20m", "64Mi", "200m", "192Mi"),
            [new VolumePlan("tmp", "/tmp")],
            Args: ["load-source", "--port", port.ToString(CultureInfo.InvariantCulture), "--target", settings.Scaler.TargetDeployment]);
        return new ServiceDeploymentPlan(
            Names.LoadSource, "load",
            Replicas: 1,
            ReplicasOwnedByScaler: false,
            new PodPlan(labels, container, new PodSecurity(DotnetAppUser), ImagePullSecrets: ImagePullSecrets(settings)),
            ServicePort: port,
            IngressPolicy.Only(Scrapers(settings)),
            ConfigMaps: []);
    }

    /// <summary>
    /// Least privilege for the Scaler, every rule on named objects but events: read the target Deployment (its count
    /// and version), patch its scale subresource (the count only, nothing else of the Deployment), read and update the
    /// one state ConfigMap (no create: RBAC cannot limit create to a name, so the stack creates it), and record Events.
    /// With workloads, the rules of those listed in the stack's namespace (<see cref="WorkloadAccess"/>) in place of the
    /// sample app's; the other namespaces get Roles of their own.
    /// </summary>
    private static RbacSpec ScalerRbac(StackSettings settings)
    {
        var target = settings.Scaler.TargetDeployment;
        IReadOnlyList<PolicyRuleSpec> targetRules = settings.WorkloadsMode
            ? WorkloadAccess.InStackNamespace(settings) is { Count: > 0 } here ? WorkloadAccess.RulesFor(here) : []
            :
            [
                new PolicyRuleSpec(["apps"], ["deployments"], ["get"], [target]),
                new PolicyRuleSpec(["apps"], ["deployments/scale"], ["patch"], [target]),
            ];
        return new RbacSpec(
            Names.ServiceAccount,
            Role: $"{Names.Scaler}-role",
            RoleBinding: $"{Names.Scaler}-rolebinding",
            [
                .. targetRules,
                new PolicyRuleSpec([""], ["configmaps"], ["get", "patch"], [Names.ScalerState]),
                WorkloadAccess.Events,
            ]);
    }

    private static CronJobPlan Scaler(StackSettings settings, string image)
    {
        var labels = LabelsOf(Names.Scaler, "autoscaler");
        var (env, volumes) = WithPrometheusCredentials(settings, settings.Scaler.ToEnvironment(), [new VolumePlan("tmp", "/tmp"), .. WorkloadsVolume(settings)]);
        var container = new ContainerPlan(
            Names.Scaler,
            image,
            Env: env,
            Port: null,
            Liveness: null,
            Readiness: null,
            new ComputeResources("50m", "64Mi", "250m", "256Mi"),
            volumes);
        return new CronJobPlan(
            Names.Scaler,
            labels,
            settings.Schedule.Text,
            // A run still going when the next is due must not race it on the same Deployment.
            ConcurrencyPolicy: "Forbid",
            SuccessfulJobsHistoryLimit: 3,
            FailedJobsHistoryLimit: 3,
            // A decision that could not start within a minute is stale; the next run decides afresh.
            StartingDeadlineSeconds: 60,
            // The Scaler's own budget (Defaults.ScalerRunBudget) is derived from this and ends first.
            ActiveDeadlineSeconds: (int)Defaults.ScalerJobDeadline.TotalSeconds,
            BackoffLimit: 1,
            RestartPolicy: "Never",
            new PodPlan(labels, container, new PodSecurity(DotnetAppUser), Names.ServiceAccount, ImagePullSecrets(settings)));
    }

    /// <summary>The pull secret of an existing cluster's registry, for the images LabA builds and pushes there.</summary>
    internal static IReadOnlyList<string> ImagePullSecrets(StackSettings settings) =>
        settings.Existing?.ImagePullSecret is { } secret ? [secret] : [];
}
