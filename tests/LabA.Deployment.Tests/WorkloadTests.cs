using LabA.Deployment.Cluster;
using LabA.Deployment.Images;
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
        LabWorkloads.Plan(settings ?? Custom, Images);

    private static readonly LabImageReferences Images = new("lab-a/predictor:0123456789ab", "lab-a/scaler:ba9876543210", "lab-a/trainer:5a5a5a5a5a5a");

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
        Assert.Equal(new Uri("http://prometheus-server.lab.svc.cluster.local/"), read.PrometheusUrl);
        Assert.Equal(StackSettings.DefaultLoadQuery, read.LoadQuery);
        Assert.Equal(read.EffectiveLoadQuery, read.LoadQuery);
        // The coverage the Scaler calibrates the margin to is the one the Predictor provisions for.
        Assert.Equal(0.8, read.ProvisionQuantile.Level);
        Assert.Equal(env.Select(v => v.Key).Distinct().Count(), env.Count);
    }

    [Fact]
    public void The_predictor_gets_the_same_replica_mapping_and_listens_where_its_probes_and_service_point()
    {
        var predictor = Plan().Predictor;
        var container = predictor.Pod.Container;

        Assert.Equal(Custom.Mapping, ReplicaMapping.Read(SettingReader.Environment(Env(container.Env))));
        Assert.Equal(ProvisioningQuantile.Of(0.8), RecommendationCatalogue.ProvisionQuantile.Read(Env(container.Env)));
        var port = Env(container.Env).Int(PredictorCatalogue.Port.Env, -1);
        Assert.Equal(PredictorCatalogue.Port.Default, port);
        Assert.Equal(port, container.Port);
        Assert.Equal(port, predictor.TargetPort);
        Assert.Equal(Defaults.PredictorServicePort, predictor.ServicePort);
        Assert.Equal(("/health", port), (container.Liveness!.Path, container.Liveness.Port));
        Assert.Equal(("/ready", port), (container.Readiness!.Path, container.Readiness.Port));
        // The Scaler's URL must reach this Service on its port.
        Assert.Equal(predictor.HostIn(Custom.Namespace), Custom.PredictorUrl.Host);
        Assert.Equal(predictor.ServicePort, Custom.PredictorUrl.Port);
    }

    [Fact]
    public void The_load_source_serves_the_gauge_the_scaler_queries_from_the_trainer_image_on_its_metrics_port()
    {
        var plan = Plan();
        var container = plan.LoadSource!.Pod.Container;

        Assert.Equal(Images.Trainer, container.Image);
        Assert.Equal(["load-source", "--port", "9100", "--target", Names.SampleApp], container.Args);
        Assert.Equal(Defaults.LoadSourcePort, container.Port);
        Assert.Equal(plan.LoadSource.TargetPort, plan.LoadSource.ServicePort);
        // The gauge's target label is the workload the Scaler scales, which its default query selects.
        var scaler = ScalerSettings.FromEnvironment(Env(plan.Scaler.Pod.Container.Env));
        Assert.Equal(Names.LoadSourceQuery(container.Args![4]), scaler.LoadQuery);
        Assert.Empty(container.Env);
        Assert.Equal(1, plan.LoadSource.Replicas);
        Assert.False(plan.LoadSource.ReplicasOwnedByScaler);
    }

    [Fact]
    public void The_chart_scrapes_the_load_source_and_the_predictor_services_only_when_it_is_installed()
    {
        var installed = Plan().Prometheus!;
        Assert.Equal(
            [("load-source", "load-source.lab.svc.cluster.local:9100"), ("predictor", "predictor.lab.svc.cluster.local:80")],
            installed.Targets.Select(target => (target.Job, target.Address)));
        Assert.Equal("lab", installed.Namespace);

        string?[] elsewhere = ["off", "http://prometheus.monitoring:9090"];
        foreach (var value in elsewhere)
            Assert.Null(Plan(StackSettings.Bind(key => key == "prometheus" ? value : null)).Prometheus);
    }

    [Fact]
    public void The_predictor_reads_back_its_stack_settings_and_mounts_the_whole_model_store_where_model_dir_points()
    {
        var predictor = Plan().Predictor;

        var read = PredictorSettings.FromEnvironment(Env(predictor.Pod.Container.Env), "/app");
        Assert.Equal(Custom.Predictor, read);
        Assert.Equal(Defaults.ImageModelDir, read.BootstrapModelDirectory);
        var store = Assert.Single(predictor.Pod.Container.Volumes, v => v.ConfigMap is not null);
        Assert.Equal(read.ModelDirectory, store.MountPath);
        Assert.Equal(Names.ModelStore, store.ConfigMap);
        // The stack creates the store empty and leaves its data to the retrain job.
        Assert.Equal(Names.ModelStore, predictor.Config!.Name);
        Assert.Empty(predictor.Config.Data);
        Assert.True(predictor.Config.DataOwnedByApp);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("20250120T101500Z-3fa2c1d0", "20250120T101500Z-3fa2c1d0")]
    public void A_pinned_model_version_reaches_the_predictor(string? pinned, string? expected)
    {
        var settings = StackSettings.Bind(key => key == "modelVersion" ? pinned : null);

        var env = Plan(settings).Predictor.Pod.Container.Env;

        Assert.Equal(expected, PredictorSettings.FromEnvironment(Env(env), "/app").PinnedModelVersion);
    }

    [Fact]
    public void A_model_version_the_predictor_would_refuse_is_refused_naming_the_stack_key()
    {
        var error = Assert.Throws<SettingsException>(() => StackSettings.Bind(key => key == "modelVersion" ? "two words" : null));

        Assert.Equal("lab-a:modelVersion", error.Key);
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
    public void Only_the_scaler_and_the_retrain_job_get_an_api_token_each_their_own()
    {
        var plan = Plan();

        Assert.False(plan.SampleApp!.Pod.AutomountServiceAccountToken);
        Assert.False(plan.Predictor.Pod.AutomountServiceAccountToken);
        Assert.False(plan.LoadSource!.Pod.AutomountServiceAccountToken);
        Assert.True(plan.Scaler.Pod.AutomountServiceAccountToken);
        Assert.Equal(Names.ServiceAccount, plan.Scaler.Pod.ServiceAccount);
        Assert.Equal(plan.ScalerRbac.ServiceAccount, plan.Scaler.Pod.ServiceAccount);
        Assert.Equal(plan.Retrain!.Rbac.ServiceAccount, plan.Retrain.CronJob.Pod.ServiceAccount);
        Assert.Equal(2, plan.Pods.Select(pod => pod.ServiceAccount).OfType<string>().Distinct().Count());
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
        Rule("", "configmaps", ["get", "patch"], [plan.ScalerState.Name]);
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
        Assert.True(plan.ScalerState.DataOwnedByApp);
        Assert.False(plan.SampleApp!.Config!.DataOwnedByApp);
        Assert.Equal(Names.Project, plan.ScalerState.Labels[Labels.PartOf]);
        // The Scaler looks for it in the target's namespace: the one the stack deploys into.
        Assert.Equal(plan.Namespace, ScalerSettings.FromEnvironment(Env(plan.Scaler.Pod.Container.Env)).TargetNamespace);
    }

    [Fact]
    public void The_predictor_is_reachable_only_from_the_scaler_and_prometheus_pods()
    {
        var plan = Plan();
        var from = plan.Predictor.Ingress.From;
        Assert.Equal(["Ingress"], plan.Predictor.Ingress.PolicyTypes);

        Assert.Equal(2, from.Count);
        // The Scaler's own pods (from the CronJob's template) match, in this namespace only.
        var scaler = Assert.Single(from, peer => Matches(peer.PodLabels, plan.Scaler.Pod.Labels));
        Assert.Null(scaler.Namespace);
        // Prometheus, as its operator and chart label it, in the namespace it runs in (the installed one: the lab's).
        var prometheus = Assert.Single(from, peer => peer != scaler);
        Assert.Equal(new Dictionary<string, string> { [Labels.Name] = Names.Prometheus }, prometheus.PodLabels);
        Assert.Equal(plan.Namespace, prometheus.Namespace);
        // No other pod of the lab matches a peer.
        Assert.DoesNotContain(from, peer => plan.Services.Any(service => Matches(peer.PodLabels, service.Pod.Labels)));
    }

    [Fact]
    public void The_load_source_is_reachable_only_from_prometheus_and_the_sample_app_from_anywhere()
    {
        var plan = Plan();

        var prometheus = Assert.Single(plan.LoadSource!.Ingress.From);
        Assert.Equal(IngressPeer.PrometheusIn(plan.Namespace).PodLabels, prometheus.PodLabels);
        Assert.Equal(plan.Namespace, prometheus.Namespace);
        Assert.Empty(plan.SampleApp!.Ingress.From);
        Assert.Equal(LabWorkloads.SampleAppPort, plan.SampleApp.TargetPort);
        // Each policy selects its own pods only.
        foreach (var service in plan.Services)
            Assert.Equal([service], plan.Services.Where(other => Matches(service.Selector, other.Pod.Labels)));
    }

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
        Assert.True(ScalerCatalogue.MaxPredictorTimeout + 6 * Defaults.KubernetesCallTimeout <= Defaults.ScalerRunBudget);
        Assert.True(ScalerSettings.Default.PredictorTimeout <= ScalerCatalogue.MaxPredictorTimeout);
    }

    [Fact]
    public void The_sample_app_starts_at_the_minimum_and_then_belongs_to_the_scaler()
    {
        var sampleApp = Plan().SampleApp!;

        Assert.Equal(2, sampleApp.Replicas);
        Assert.True(sampleApp.ReplicasOwnedByScaler);
        Assert.False(Plan().Predictor.ReplicasOwnedByScaler);
        Assert.Equal(Custom.SampleAppImage, sampleApp.Pod.Container.Image);
        Assert.Equal(LabWorkloads.SampleAppPort, sampleApp.TargetPort);
        // Its nginx config mounts from the ConfigMap its component creates.
        var config = Assert.Single(sampleApp.Pod.Container.Volumes, v => v.ConfigMap is not null);
        Assert.Equal(sampleApp.Config!.Name, config.ConfigMap);
        Assert.Contains($"listen {LabWorkloads.SampleAppPort};", sampleApp.Config.Data["default.conf"]);
    }

    [Fact]
    public void Selectors_pick_their_own_pods_and_every_object_is_labelled_part_of_the_lab()
    {
        var plan = Plan();
        foreach (var service in plan.Services)
        {
            Assert.All(service.Selector, label => Assert.Equal(label.Value, service.Pod.Labels[label.Key]));
            Assert.Equal(service.Name, service.Selector[Labels.App]);
        }
        Assert.Equal(plan.Services.Count, plan.Services.Select(service => service.Selector[Labels.App]).Distinct().Count());
        foreach (var labels in plan.Services.Select(service => service.Labels).Concat([plan.Scaler.Labels, plan.Retrain!.CronJob.Labels, plan.SampleApp!.Config!.Labels, plan.ScalerState.Labels]))
            Assert.Equal(Names.Project, labels[Labels.PartOf]);
    }
}
