using System.Globalization;
using LabA.Deployment.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Workloads;

/// <summary>Every Kubernetes object of the lab, as plain data the Pulumi program maps one to one onto typed resources.</summary>
public sealed record WorkloadPlan(
    string Namespace,
    DeploymentSpec SampleApp,
    ConfigMapSpec SampleAppConfig,
    DeploymentSpec Predictor,
    RbacSpec ScalerRbac,
    ConfigMapSpec ScalerState,
    CronJobSpec Scaler)
{
    public IEnumerable<PodTemplateSpec> Pods => [SampleApp.Pod, Predictor.Pod, Scaler.Pod];

    public IReadOnlyList<NetworkPolicySpec> NetworkPolicies => [SampleApp.Ingress, Predictor.Ingress];
}

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

    public static WorkloadPlan Plan(StackSettings settings, string predictorImage, string scalerImage) => new(
        settings.Namespace,
        SampleApp(settings),
        new ConfigMapSpec($"{Names.SampleApp}-nginx", LabelsOf(Names.SampleApp, "target"), new Dictionary<string, string> { ["default.conf"] = SampleAppNginxConfig }),
        Predictor(settings, predictorImage),
        ScalerRbac(settings),
        // Created empty, once: its data is the Scaler's from then on, so a later `pulumi up` must not reset it.
        new ConfigMapSpec(Names.ScalerState, LabelsOf(Names.Scaler, "autoscaler"), new Dictionary<string, string>(), DataOwnedByScaler: true),
        Scaler(settings, scalerImage));

    public static IReadOnlyDictionary<string, string> LabelsOf(string name, string component) => new Dictionary<string, string>
    {
        [Labels.App] = name,
        [Labels.Name] = name,
        [Labels.PartOf] = Names.Project,
        [Labels.Component] = component,
        [Labels.ManagedBy] = "pulumi",
    };

    /// <summary>Selectors are immutable once created, so they hold only the one label the original lab's kubectl commands use.</summary>
    public static IReadOnlyDictionary<string, string> SelectorOf(string name) => new Dictionary<string, string> { [Labels.App] = name };

    private static DeploymentSpec SampleApp(StackSettings settings)
    {
        var labels = LabelsOf(Names.SampleApp, "target");
        var container = new ContainerSpec(
            Names.SampleApp,
            settings.SampleAppImage,
            Env: [],
            Port: SampleAppPort,
            Liveness: null,
            Readiness: null,
            new ComputeResources("50m", "32Mi", "200m", "64Mi"),
            // nginx writes its pid and temp files; with a read-only root those need volumes of their own.
            [
                new VolumeSpec("nginx-conf", "/etc/nginx/conf.d", ConfigMap: $"{Names.SampleApp}-nginx"),
                new VolumeSpec("nginx-cache", "/var/cache/nginx"),
                new VolumeSpec("nginx-run", "/var/run"),
                new VolumeSpec("tmp", "/tmp"),
            ]);
        return new DeploymentSpec(
            Names.SampleApp, labels, SelectorOf(Names.SampleApp),
            Replicas: settings.Mapping.MinReplicas,
            ReplicasOwnedByScaler: true,
            new PodTemplateSpec(labels, container, new PodSecurity(NginxUser)),
            new ServiceSpec(Names.SampleApp, 80, SampleAppPort),
            SampleAppIngress());
    }

    private static DeploymentSpec Predictor(StackSettings settings, string image)
    {
        var labels = LabelsOf(Names.Predictor, "forecast");
        var port = Defaults.PredictorPort;
        var container = new ContainerSpec(
            Names.Predictor,
            image,
            Env: [new(EnvVars.Port, port.ToString(CultureInfo.InvariantCulture)), .. PredictorEnvironment(settings)],
            Port: port,
            // Liveness only asks whether the process answers; readiness waits for the model, so a pod still
            // loading it gets no traffic but is not restarted.
            Liveness: new HttpProbe("/health", port, InitialDelaySeconds: 5, PeriodSeconds: 10, TimeoutSeconds: 2, FailureThreshold: 3),
            Readiness: new HttpProbe("/ready", port, InitialDelaySeconds: 2, PeriodSeconds: 5, TimeoutSeconds: 2, FailureThreshold: 3),
            new ComputeResources("100m", "128Mi", "500m", "512Mi"),
            [new VolumeSpec("tmp", "/tmp")]);
        return new DeploymentSpec(
            Names.Predictor, labels, SelectorOf(Names.Predictor),
            Replicas: 1,
            ReplicasOwnedByScaler: false,
            new PodTemplateSpec(labels, container, new PodSecurity(DotnetAppUser), ImagePullSecrets: ImagePullSecrets(settings)),
            new ServiceSpec(Names.Predictor, Defaults.PredictorServicePort, port),
            PredictorIngress());
    }

    /// <summary>
    /// What the Predictor recommends with: the replica mapping (the same four variables, spelt exactly as the Scaler's)
    /// and the error quantile it provisions for.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> PredictorEnvironment(StackSettings settings)
    {
        string[] mappingVariables = [EnvVars.MinReplicas, EnvVars.MaxReplicas, EnvVars.CpuLow, EnvVars.CpuHigh];
        return
        [
            .. settings.Scaler.ToEnvironment().Where(variable => mappingVariables.Contains(variable.Key)),
            new(EnvVars.ProvisionQuantile, settings.ProvisionQuantile.ToString()),
        ];
    }

    /// <summary>
    /// Least privilege for the Scaler, every rule on named objects but events: read the target Deployment (its count
    /// and version), patch its scale subresource (the count only, nothing else of the Deployment), read and update the
    /// one state ConfigMap (no create: RBAC cannot limit create to a name, so the stack creates it), and record Events.
    /// </summary>
    private static RbacSpec ScalerRbac(StackSettings settings)
    {
        var target = settings.Scaler.TargetDeployment;
        return new RbacSpec(
            Names.ServiceAccount,
            Role: $"{Names.Scaler}-role",
            RoleBinding: $"{Names.Scaler}-rolebinding",
            [
                new PolicyRuleSpec(["apps"], ["deployments"], ["get"], [target]),
                new PolicyRuleSpec(["apps"], ["deployments/scale"], ["patch"], [target]),
                new PolicyRuleSpec([""], ["configmaps"], ["get", "update"], [Names.ScalerState]),
                new PolicyRuleSpec([""], ["events"], ["create"]),
            ]);
    }

    /// <summary>
    /// The predictor answers the Scaler's pods, and Prometheus pods from any namespace (labelled as the Prometheus
    /// Operator and Helm chart label them) for /metrics; nothing else in the cluster reaches it.
    /// </summary>
    private static NetworkPolicySpec PredictorIngress() => new(
        Names.Predictor,
        LabelsOf(Names.Predictor, "forecast"),
        SelectorOf(Names.Predictor),
        [
            new NetworkIngressSpec(
            [
                new NetworkPeerSpec(SelectorOf(Names.Scaler)),
                new NetworkPeerSpec(new Dictionary<string, string> { [Labels.Name] = Names.Prometheus }, AnyNamespace: true),
            ], Defaults.PredictorPort),
        ]);

    /// <summary>
    /// The sample app is the thing being served: any source may reach its port (and only that port). A user who wants
    /// it narrower replaces this policy's rule.
    /// </summary>
    private static NetworkPolicySpec SampleAppIngress() => new(
        Names.SampleApp,
        LabelsOf(Names.SampleApp, "target"),
        SelectorOf(Names.SampleApp),
        [new NetworkIngressSpec([], SampleAppPort)]);

    private static CronJobSpec Scaler(StackSettings settings, string image)
    {
        var labels = LabelsOf(Names.Scaler, "autoscaler");
        var container = new ContainerSpec(
            Names.Scaler,
            image,
            Env: settings.Scaler.ToEnvironment(),
            Port: null,
            Liveness: null,
            Readiness: null,
            new ComputeResources("50m", "64Mi", "250m", "256Mi"),
            [new VolumeSpec("tmp", "/tmp")]);
        return new CronJobSpec(
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
            new PodTemplateSpec(labels, container, new PodSecurity(DotnetAppUser), Names.ServiceAccount, ImagePullSecrets(settings)));
    }

    /// <summary>The pull secret of an existing cluster's registry, for the two images LabA builds and pushes there.</summary>
    private static IReadOnlyList<string> ImagePullSecrets(StackSettings settings) =>
        settings.Existing?.ImagePullSecret is { } secret ? [secret] : [];
}
