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
    CronJobSpec Scaler)
{
    public IEnumerable<PodTemplateSpec> Pods => [SampleApp.Pod, Predictor.Pod, Scaler.Pod];
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
        ScalerRbac(),
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
            new ServiceSpec(Names.SampleApp, 80, SampleAppPort));
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
            new ServiceSpec(Names.Predictor, Defaults.PredictorServicePort, port));
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
    /// Least privilege for the Scaler: read and patch the one target Deployment (its scale, and its annotations,
    /// where the Scaler keeps state between runs) and record Events. Nothing else, nothing cluster-wide.
    /// </summary>
    private static RbacSpec ScalerRbac() => new(
        Names.ServiceAccount,
        Role: $"{Names.Scaler}-role",
        RoleBinding: $"{Names.Scaler}-rolebinding",
        [
            new PolicyRuleSpec(["apps"], ["deployments", "deployments/scale"], ["get", "patch"], [Defaults.TargetDeployment]),
            new PolicyRuleSpec([""], ["events"], ["create"]),
        ]);

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
            // A five-field cron never fires twice within a minute, so a run capped at 60s never delays the next.
            ActiveDeadlineSeconds: 60,
            BackoffLimit: 1,
            RestartPolicy: "Never",
            new PodTemplateSpec(labels, container, new PodSecurity(DotnetAppUser), Names.ServiceAccount, ImagePullSecrets(settings)));
    }

    /// <summary>The pull secret of an existing cluster's registry, for the two images LabA builds and pushes there.</summary>
    private static IReadOnlyList<string> ImagePullSecrets(StackSettings settings) =>
        settings.Existing?.ImagePullSecret is { } secret ? [secret] : [];
}
