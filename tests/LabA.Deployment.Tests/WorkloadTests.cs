using LabA.Deployment.Cluster;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Model;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Tests;

public class WorkloadTests
{
    private static readonly StackSettings Custom = StackSettings.Bind(key => key switch
    {
        "namespace" => "lab",
        "minReplicas" => "2",
        "maxReplicas" => "7",
        "cpuLow" => "25",
        "cpuHigh" => "75",
        "schedule" => "*/3 * * * *",
        "scaleDownStabilization" => "2m",
        "provisionQuantile" => "0.8",
        _ => null,
    });

    private static WorkloadPlan Plan(StackSettings? settings = null) =>
        LabWorkloads.Plan(settings ?? Custom, "lab-a/predictor:0123456789ab", "lab-a/scaler:ba9876543210");

    private static EnvReader Env(IEnumerable<KeyValuePair<string, string>> variables) =>
        EnvReader.From(variables.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void The_scaler_reads_back_exactly_the_stack_settings_from_its_cronjob_env()
    {
        var env = Plan().Scaler.Pod.Container.Env;

        var read = ScalerSettings.FromEnvironment(Env(env));

        Assert.Equal(Custom.Mapping, read.Rules.Mapping);
        Assert.Equal(TimeSpan.FromMinutes(2), read.Rules.ScaleDownStabilization);
        Assert.Equal("*/3 * * * *", read.Schedule.Text);
        Assert.Equal(Names.SampleApp, read.TargetDeployment);
        Assert.Equal("lab", read.TargetNamespace);
        Assert.Equal(new Uri("http://predictor.lab.svc.cluster.local/predict"), read.PredictorUrl);
        Assert.False(read.DryRun);
        Assert.Equal(env.Select(v => v.Key).Distinct().Count(), env.Count);
    }

    [Fact]
    public void The_predictor_gets_the_same_replica_mapping_and_listens_where_its_probes_and_service_point()
    {
        var predictor = Plan().Predictor;
        var container = predictor.Pod.Container;

        Assert.Equal(Custom.Mapping, ReplicaMapping.FromEnvironment(Env(container.Env)));
        Assert.Equal(ProvisioningQuantile.Of(0.8), ProvisioningQuantile.FromEnvironment(Env(container.Env)));
        var port = Env(container.Env).Int(EnvVars.Port, -1);
        Assert.Equal(Defaults.PredictorPort, port);
        Assert.Equal(port, container.Port);
        Assert.Equal(port, predictor.Service.TargetPort);
        Assert.Equal(Defaults.PredictorServicePort, predictor.Service.Port);
        Assert.Equal(("/health", port), (container.Liveness!.Path, container.Liveness.Port));
        Assert.Equal(("/ready", port), (container.Readiness!.Path, container.Readiness.Port));
        // The Scaler's URL must reach this Service on its port.
        Assert.Equal($"{predictor.Service.Name}.{Custom.Namespace}.svc.cluster.local", Custom.PredictorUrl.Host);
        Assert.Equal(predictor.Service.Port, Custom.PredictorUrl.Port);
    }

    [Fact]
    public void Every_pod_meets_the_restricted_pod_security_profile()
    {
        foreach (var pod in Plan().Pods)
        {
            var security = pod.Security;
            Assert.True(security.RunAsNonRoot, pod.Container.Name);
            Assert.NotEqual(0, security.RunAsUser);
            Assert.NotEqual(0, security.RunAsGroup);
            Assert.Equal("RuntimeDefault", security.SeccompProfile);
            Assert.False(security.AllowPrivilegeEscalation, pod.Container.Name);
            Assert.True(security.ReadOnlyRootFilesystem, pod.Container.Name);
            Assert.Equal(["ALL"], security.DropCapabilities);
            // A read-only root still needs somewhere to write temp files.
            Assert.Contains(pod.Container.Volumes, v => v.MountPath == "/tmp" && v.ConfigMap is null);
        }
    }

    [Fact]
    public void Every_container_has_requests_and_limits_and_never_pulls_a_locally_loaded_image()
    {
        foreach (var pod in Plan().Pods)
        {
            var resources = pod.Container.Resources;
            Assert.All([resources.CpuRequest, resources.MemoryRequest, resources.CpuLimit, resources.MemoryLimit], q => Assert.False(string.IsNullOrWhiteSpace(q)));
            Assert.True(Millicores(resources.CpuRequest) <= Millicores(resources.CpuLimit), pod.Container.Name);
            Assert.True(Mebibytes(resources.MemoryRequest) <= Mebibytes(resources.MemoryLimit), pod.Container.Name);
            Assert.Equal("IfNotPresent", pod.Container.ImagePullPolicy);
        }
    }

    private static int Millicores(string quantity) => quantity.EndsWith('m') ? int.Parse(quantity[..^1]) : int.Parse(quantity) * 1000;

    private static int Mebibytes(string quantity) => quantity.EndsWith("Gi") ? int.Parse(quantity[..^2]) * 1024 : int.Parse(quantity[..^2]);

    [Fact]
    public void Only_the_scaler_gets_an_api_token()
    {
        var plan = Plan();

        Assert.False(plan.SampleApp.Pod.AutomountServiceAccountToken);
        Assert.False(plan.Predictor.Pod.AutomountServiceAccountToken);
        Assert.True(plan.Scaler.Pod.AutomountServiceAccountToken);
        Assert.Equal(Names.ServiceAccount, plan.Scaler.Pod.ServiceAccount);
        Assert.Equal(plan.ScalerRbac.ServiceAccount, plan.Scaler.Pod.ServiceAccount);
    }

    [Fact]
    public void The_scaler_role_allows_only_get_and_patch_on_the_target_and_creating_events()
    {
        var rules = Plan().ScalerRbac.Rules;

        var deploymentRule = Assert.Single(rules, r => r.ApiGroups.SequenceEqual(["apps"]));
        Assert.Equal(["deployments", "deployments/scale"], deploymentRule.Resources);
        Assert.Equal(["get", "patch"], deploymentRule.Verbs);
        Assert.Equal([Names.SampleApp], deploymentRule.ResourceNames);

        var eventRule = Assert.Single(rules, r => r.ApiGroups.SequenceEqual([""]));
        Assert.Equal(["events"], eventRule.Resources);
        Assert.Equal(["create"], eventRule.Verbs);

        Assert.Equal(2, rules.Count);
        Assert.DoesNotContain(rules, r => r.Verbs.Contains("*") || r.Resources.Contains("*") || r.ApiGroups.Contains("*"));
        // The Scaler patches the Deployment named by its env; the Role must name the same one.
        var target = ScalerSettings.FromEnvironment(Env(Plan().Scaler.Pod.Container.Env)).TargetDeployment;
        Assert.Equal([target], deploymentRule.ResourceNames);
    }

    [Fact]
    public void The_cronjob_runs_on_the_configured_schedule_one_at_a_time_and_bounded()
    {
        var cronJob = Plan().Scaler;

        Assert.Equal("*/3 * * * *", cronJob.Schedule);
        Assert.Equal("Forbid", cronJob.ConcurrencyPolicy);
        Assert.InRange(cronJob.SuccessfulJobsHistoryLimit, 1, 10);
        Assert.InRange(cronJob.FailedJobsHistoryLimit, 1, 10);
        Assert.InRange(cronJob.BackoffLimit, 0, 3);
        Assert.Equal("Never", cronJob.RestartPolicy);
        // No run may outlive the shortest gap between two runs any five-field cron can have.
        Assert.InRange(cronJob.ActiveDeadlineSeconds, 1, 60);
        // A run must be allowed longer than the Scaler's whole predictor budget.
        Assert.True(cronJob.ActiveDeadlineSeconds > ScalerSettings.Default.PredictorTimeout.TotalSeconds);
    }

    [Fact]
    public void The_sample_app_starts_at_the_minimum_and_then_belongs_to_the_scaler()
    {
        var sampleApp = Plan().SampleApp;

        Assert.Equal(2, sampleApp.Replicas);
        Assert.True(sampleApp.ReplicasOwnedByScaler);
        Assert.False(Plan().Predictor.ReplicasOwnedByScaler);
        Assert.Equal(Custom.SampleAppImage, sampleApp.Pod.Container.Image);
        Assert.Equal(LabWorkloads.SampleAppPort, sampleApp.Service.TargetPort);
        // Its nginx config mounts from the ConfigMap the plan creates.
        var config = Assert.Single(sampleApp.Pod.Container.Volumes, v => v.ConfigMap is not null);
        Assert.Equal(Plan().SampleAppConfig.Name, config.ConfigMap);
        Assert.Contains($"listen {LabWorkloads.SampleAppPort};", Plan().SampleAppConfig.Data["default.conf"]);
    }

    [Fact]
    public void Selectors_pick_their_own_pods_and_every_object_is_labelled_part_of_the_lab()
    {
        var plan = Plan();
        foreach (var deployment in new[] { plan.SampleApp, plan.Predictor })
        {
            Assert.All(deployment.Selector, label => Assert.Equal(label.Value, deployment.Pod.Labels[label.Key]));
            Assert.Equal(deployment.Name, deployment.Selector[Labels.App]);
        }
        Assert.NotEqual(plan.SampleApp.Selector[Labels.App], plan.Predictor.Selector[Labels.App]);
        foreach (var labels in new[] { plan.SampleApp.Labels, plan.Predictor.Labels, plan.Scaler.Labels, plan.SampleAppConfig.Labels })
            Assert.Equal(Names.Project, labels[Labels.PartOf]);
    }
}
