using LabA.Deployment.Cluster;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
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
    public void The_scaler_role_allows_reading_the_target_patching_its_scale_updating_its_state_and_creating_events()
    {
        var plan = Plan();
        var rules = plan.ScalerRbac.Rules;
        var scaler = ScalerSettings.FromEnvironment(Env(plan.Scaler.Pod.Container.Env));

        PolicyRuleSpec Rule(string apiGroup, string resource, string[] verbs, string[]? names)
        {
            var rule = Assert.Single(rules, r => r.Resources.Contains(resource));
            Assert.Equal([apiGroup], rule.ApiGroups);
            Assert.Equal([resource], rule.Resources);
            Assert.Equal(verbs, rule.Verbs);
            Assert.Equal(names, rule.ResourceNames);
            return rule;
        }
        // The Deployment the Role names is the one the Scaler's env names; the state is the one ConfigMap the plan creates.
        Rule("apps", "deployments", ["get"], [scaler.TargetDeployment]);
        Rule("apps", "deployments/scale", ["patch"], [scaler.TargetDeployment]);
        Rule("", "configmaps", ["get", "update"], [plan.ScalerState.Name]);
        var events = Rule("", "events", ["create"], null);
        // The Scaler's state lives where a write cannot be lost and needs no write to the Deployment: never patch on deployments.
        Assert.DoesNotContain(rules, r => r.Resources.Contains("deployments") && r.Verbs.Contains("patch"));

        Assert.Equal(4, rules.Count);
        // No create on anything but events (RBAC cannot limit create to one name), no list, no watch, no wildcard.
        Assert.All(rules.Where(r => r != events), r => Assert.DoesNotContain("create", r.Verbs));
        Assert.DoesNotContain(rules, r => r.Verbs.Intersect(["list", "watch", "delete", "*"]).Any() || r.Resources.Contains("*") || r.ApiGroups.Contains("*"));
    }

    [Fact]
    public void The_state_configmap_is_created_empty_in_the_scalers_namespace_and_then_belongs_to_the_scaler()
    {
        var plan = Plan();
        Assert.Equal(Names.ScalerState, plan.ScalerState.Name);
        Assert.Empty(plan.ScalerState.Data);
        Assert.True(plan.ScalerState.DataOwnedByScaler);
        Assert.False(plan.SampleAppConfig.DataOwnedByScaler);
        Assert.Equal(Names.Project, plan.ScalerState.Labels[Labels.PartOf]);
        // The Scaler looks for it in the target's namespace: the one the stack deploys into.
        Assert.Equal(plan.Namespace, ScalerSettings.FromEnvironment(Env(plan.Scaler.Pod.Container.Env)).TargetNamespace);
    }

    [Fact]
    public void The_predictor_is_reachable_only_from_the_scaler_and_prometheus_pods_on_its_port()
    {
        var plan = Plan();
        var policy = Assert.Single(plan.NetworkPolicies, p => Selects(p, plan.Predictor.Pod.Labels));
        Assert.Equal(["Ingress"], policy.PolicyTypes);
        Assert.False(Selects(policy, plan.SampleApp.Pod.Labels));
        var ingress = Assert.Single(policy.Ingress);
        Assert.Equal(plan.Predictor.Pod.Container.Port, ingress.Port);
        Assert.Equal(plan.Predictor.Service.TargetPort, ingress.Port);

        Assert.Equal(2, ingress.From.Count);
        // The Scaler's own pods (from the CronJob's template) match, in this namespace only.
        var scaler = Assert.Single(ingress.From, peer => Matches(peer.PodLabels, plan.Scaler.Pod.Labels));
        Assert.False(scaler.AnyNamespace);
        // Prometheus, as its operator and chart label it, from whichever namespace it runs in.
        var prometheus = Assert.Single(ingress.From, peer => peer != scaler);
        Assert.Equal(new Dictionary<string, string> { [Labels.Name] = Names.Prometheus }, prometheus.PodLabels);
        Assert.True(prometheus.AnyNamespace);
        // Neither the sample app's pods nor the predictor's own match a peer.
        Assert.DoesNotContain(ingress.From, peer => Matches(peer.PodLabels, plan.SampleApp.Pod.Labels) || Matches(peer.PodLabels, plan.Predictor.Pod.Labels));
    }

    [Fact]
    public void The_sample_app_accepts_traffic_from_anywhere_but_only_on_its_port()
    {
        var plan = Plan();
        var policy = Assert.Single(plan.NetworkPolicies, p => Selects(p, plan.SampleApp.Pod.Labels));
        var ingress = Assert.Single(policy.Ingress);
        Assert.Empty(ingress.From);
        Assert.Equal(LabWorkloads.SampleAppPort, ingress.Port);
        Assert.Equal(plan.SampleApp.Service.TargetPort, ingress.Port);
        Assert.Equal(2, plan.NetworkPolicies.Count);
        Assert.Equal(plan.NetworkPolicies.Count, plan.NetworkPolicies.Select(p => p.Name).Distinct().Count());
    }

    private static bool Selects(NetworkPolicySpec policy, IReadOnlyDictionary<string, string> podLabels) => Matches(policy.PodSelector, podLabels);

    private static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(label => labels.TryGetValue(label.Key, out var value) && value == label.Value);

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
        Assert.Equal(Defaults.ScalerJobDeadline, TimeSpan.FromSeconds(cronJob.ActiveDeadlineSeconds));
        Assert.InRange(cronJob.ActiveDeadlineSeconds, 1, 60);
    }

    [Fact]
    public void The_scalers_own_budget_ends_before_the_jobs_deadline_and_holds_the_slowest_predictor_and_every_kubernetes_call()
    {
        var deadline = TimeSpan.FromSeconds(Plan().Scaler.ActiveDeadlineSeconds);
        // Room before the deadline for scheduling the pod, starting it and exiting.
        Assert.True(Defaults.ScalerRunBudget <= deadline - TimeSpan.FromSeconds(10));
        // Read state, read Deployment, write state, scale, check, Event: six calls, each at its timeout, after the slowest predictor.
        Assert.True(Defaults.MaxPredictorTimeout + 6 * Defaults.KubernetesCallTimeout <= Defaults.ScalerRunBudget);
        Assert.True(ScalerSettings.Default.PredictorTimeout <= Defaults.MaxPredictorTimeout);
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
        foreach (var labels in new[] { plan.SampleApp.Labels, plan.Predictor.Labels, plan.Scaler.Labels, plan.SampleAppConfig.Labels, plan.ScalerState.Labels }
            .Concat(plan.NetworkPolicies.Select(p => p.Labels)))
            Assert.Equal(Names.Project, labels[Labels.PartOf]);
    }
}
