using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using Pulumi;

namespace LabA.Infra.Tests;

public class LabStackTests
{
    private const string Deployment = "kubernetes:apps/v1:Deployment";
    private const string CronJob = "kubernetes:batch/v1:CronJob";
    private const string KubernetesProvider = "pulumi:providers:kubernetes";

    [Fact]
    public async Task Every_resource_is_present_and_every_kubernetes_resource_uses_the_kind_clusters_provider()
    {
        var run = await LabStackRun.RunAsync();

        string[] expected =
        [
            "command:local:Command/cluster-kind", "command:local:Command/cluster-kubeconfig", $"{KubernetesProvider}/cluster-provider",
            "kubernetes:core/v1:NamespacePatch/namespace",
            "kubernetes:core/v1:ConfigMap/sample-app-nginx", $"{Deployment}/sample-app", "kubernetes:core/v1:Service/sample-app",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy/sample-app",
            "kubernetes:core/v1:ConfigMap/lab-a-model", $"{Deployment}/predictor", "kubernetes:core/v1:Service/predictor", "kubernetes:networking.k8s.io/v1:NetworkPolicy/predictor",
            $"{Deployment}/load-source", "kubernetes:core/v1:Service/load-source", "kubernetes:networking.k8s.io/v1:NetworkPolicy/load-source",
            "kubernetes:helm.sh/v4:Chart/prometheus",
            "kubernetes:core/v1:ServiceAccount/scaler-sa", "kubernetes:rbac.authorization.k8s.io/v1:Role/scaler-role",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding/scaler-rolebinding", "kubernetes:core/v1:ConfigMap/scaler-state",
            $"{CronJob}/scaler",
            "kubernetes:core/v1:ServiceAccount/retrain-sa", "kubernetes:rbac.authorization.k8s.io/v1:Role/retrain-role",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding/retrain-rolebinding", $"{CronJob}/retrain",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy/scaler-egress", "kubernetes:networking.k8s.io/v1:NetworkPolicy/predictor-egress",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy/retrain-egress",
        ];
        var registered = run.Resources.Where(r => !r.Type.StartsWith("lab-a:", StringComparison.Ordinal)).Select(r => $"{r.Type}/{r.Name}");
        Assert.Equal(expected.Order(), registered.Order());

        var kubernetesResources = run.KubernetesObjects.ToList();
        Assert.NotEmpty(kubernetesResources);
        Assert.All(kubernetesResources, r => Assert.Contains($"{KubernetesProvider}::cluster-provider::cluster-provider-id", r.Provider ?? "(default provider)"));

        var provider = run.Single(KubernetesProvider, "cluster-provider");
        Assert.Equal(RecordingMocks.Kubeconfig, provider.Inputs.At("kubeconfig"));
        var kind = run.Single("command:local:Command", "cluster-kind");
        Assert.Contains("kind create cluster --name lab-a", (string)kind.Inputs.At("create")!);
        Assert.Contains("kind delete cluster --name lab-a", (string)kind.Inputs.At("delete")!);
    }

    [Theory]
    [InlineData("4f1d2c9e8b7a", "4f1d2c9e8b7a")]
    [InlineData(null, "absent")]
    public async Task The_cluster_command_is_handed_the_node_the_program_saw_and_ensures_the_cluster_on_update(string? nodeId, string observed)
    {
        var nodes = new FixedKindNodes(nodeId);

        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { ["clusterName"] = "demo" }, kindNodes: nodes);

        Assert.Equal(["demo-control-plane"], nodes.AskedFor);
        var kind = run.Single("command:local:Command", "cluster-kind").Inputs;
        Assert.Equal(observed, kind.At("environment", "LABA_OBSERVED_KIND_NODE"));
        // A change of what was seen is an update, and the update is the same idempotent ensure as the create.
        Assert.Equal(kind.At("create"), kind.At("update"));
        Assert.Null(kind.At("triggers"));
        Assert.Contains("is already gone", (string)kind.At("delete")!);
        var kubeconfig = run.Single("command:local:Command", "cluster-kubeconfig").Inputs;
        Assert.Equal([RecordingMocks.NodeId], kubeconfig.At("triggers").Strings());
        // Provider configuration travels as strings.
        Assert.Equal("true", run.Single(KubernetesProvider, "cluster-provider").Inputs.At("deleteUnreachable"));
    }

    [Fact]
    public async Task Replica_bounds_mapping_and_schedule_come_from_the_stack_config()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string>
        {
            ["minReplicas"] = "2", ["maxReplicas"] = "6", ["cpuLow"] = "30", ["cpuHigh"] = "70",
            ["schedule"] = "*/5 * * * *", ["scaleDownStabilization"] = "3m",
        });

        var scaler = run.Single(CronJob, "scaler");
        Assert.Equal("*/5 * * * *", scaler.Inputs.At("spec", "schedule"));
        var scalerEnv = scaler.Inputs.At("spec", "jobTemplate", "spec", "template", "spec", "containers", 0).EnvOf();
        var predictorEnv = run.Single(Deployment, "predictor").Inputs.At("spec", "template", "spec", "containers", 0).EnvOf();
        foreach (var env in new[] { scalerEnv, predictorEnv })
        {
            Assert.Equal("2", env[RecommendationCatalogue.MinReplicas.Env]);
            Assert.Equal("6", env[RecommendationCatalogue.MaxReplicas.Env]);
            Assert.Equal("30", env[RecommendationCatalogue.CpuLow.Env]);
            Assert.Equal("70", env[RecommendationCatalogue.CpuHigh.Env]);
        }
        Assert.Equal("*/5 * * * *", scalerEnv[ScalerCatalogue.Schedule.Env]);
        Assert.Equal("3m", scalerEnv[ScalerCatalogue.ScaleDownStabilization.Env]);
        Assert.Equal(Names.SampleApp, scalerEnv[ScalerCatalogue.TargetDeployment.Env]);
        Assert.Equal(2.0, run.Single(Deployment, "sample-app").Inputs.At("spec", "replicas"));
    }

    [Fact]
    public async Task The_scaler_role_is_least_privilege_and_bound_to_its_service_account()
    {
        var run = await LabStackRun.RunAsync();

        var rules = run.Single("kubernetes:rbac.authorization.k8s.io/v1:Role", "scaler-role").Inputs.At("rules").Items().ToList();
        Assert.Equal(4, rules.Count);
        var deployments = Assert.Single(rules, r => r.At("resources").Strings().SequenceEqual(["deployments"]));
        Assert.Equal(["get"], deployments.At("verbs").Strings());
        Assert.Equal([Names.SampleApp], deployments.At("resourceNames").Strings());
        var scale = Assert.Single(rules, r => r.At("resources").Strings().SequenceEqual(["deployments/scale"]));
        Assert.Equal(["patch"], scale.At("verbs").Strings());
        Assert.Equal([Names.SampleApp], scale.At("resourceNames").Strings());
        var state = Assert.Single(rules, r => r.At("resources").Strings().SequenceEqual(["configmaps"]));
        Assert.Equal(["get", "patch"], state.At("verbs").Strings());
        Assert.Equal([Names.ScalerState], state.At("resourceNames").Strings());
        var events = Assert.Single(rules, r => r.At("resources").Strings().SequenceEqual(["events"]));
        Assert.Equal(["create"], events.At("verbs").Strings());
        Assert.DoesNotContain(run.Resources, r => r.Type.Contains("ClusterRole", StringComparison.Ordinal));

        var binding = run.Single("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "scaler-rolebinding").Inputs;
        Assert.Equal("Role", binding.At("roleRef", "kind"));
        Assert.Equal(run.Single("kubernetes:rbac.authorization.k8s.io/v1:Role", "scaler-role").Inputs.At("metadata", "name"), binding.At("roleRef", "name"));
        Assert.Equal(Names.ServiceAccount, binding.At("subjects", 0, "name"));
        Assert.Equal(Names.ServiceAccount, run.Single("kubernetes:core/v1:ServiceAccount", "scaler-sa").Inputs.At("metadata", "name"));
        Assert.Equal(Names.ServiceAccount,
            run.Single(CronJob, "scaler").Inputs.At("spec", "jobTemplate", "spec", "template", "spec", "serviceAccountName"));
    }

    [Fact]
    public async Task Every_pod_meets_the_restricted_profile_which_the_namespace_enforces()
    {
        var run = await LabStackRun.RunAsync();

        var pods = run.OfType(Deployment).Select(d => d.Inputs.At("spec", "template", "spec"))
            .Concat(run.OfType(CronJob).Select(c => c.Inputs.At("spec", "jobTemplate", "spec", "template", "spec")))
            .ToList();
        Assert.Equal(5, pods.Count);
        foreach (var pod in pods)
        {
            Assert.Equal(true, pod.At("securityContext", "runAsNonRoot"));
            Assert.NotEqual(0.0, pod.At("securityContext", "runAsUser"));
            Assert.Equal("RuntimeDefault", pod.At("securityContext", "seccompProfile", "type"));
            foreach (var container in pod.At("containers").Items())
            {
                Assert.Equal(false, container.At("securityContext", "allowPrivilegeEscalation"));
                Assert.Equal(true, container.At("securityContext", "readOnlyRootFilesystem"));
                Assert.Equal(["ALL"], container.At("securityContext", "capabilities", "drop").Strings());
                Assert.Null(container.At("securityContext", "capabilities", "add"));
                Assert.NotNull(container.At("resources", "limits", "memory"));
                Assert.NotNull(container.At("resources", "requests", "cpu"));
            }
        }
        var labels = run.Single("kubernetes:core/v1:NamespacePatch", "namespace").Inputs.At("metadata", "labels");
        Assert.Equal("restricted", labels.At("pod-security.kubernetes.io/enforce"));
    }

    [Fact]
    public async Task The_workloads_run_the_images_built_and_loaded_into_the_kind_node()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { ["clusterName"] = "demo" });

        Assert.Equal(["demo-control-plane"], run.Images.LoadedInto);
        var predictor = run.Single(Deployment, "predictor").Inputs.At("spec", "template", "spec", "containers", 0);
        Assert.Equal(RecordingImagePipeline.Built.Predictor, predictor.At("image"));
        Assert.Equal("IfNotPresent", predictor.At("imagePullPolicy"));
        Assert.Equal("/health", predictor.At("livenessProbe", "httpGet", "path"));
        Assert.Equal("/ready", predictor.At("readinessProbe", "httpGet", "path"));
        Assert.Equal(RecordingImagePipeline.Built.Scaler,
            run.Single(CronJob, "scaler").Inputs.At("spec", "jobTemplate", "spec", "template", "spec", "containers", 0, "image"));
        var service = run.Single("kubernetes:core/v1:Service", "predictor").Inputs;
        Assert.Equal(80.0, service.At("spec", "ports", 0, "port"));
        Assert.Equal(8080.0, service.At("spec", "ports", 0, "targetPort"));
        Assert.Equal("ClusterIP", service.At("spec", "type"));
    }

    [Fact]
    public async Task A_preview_builds_nothing_and_shows_the_content_addressed_tags()
    {
        var run = await LabStackRun.RunAsync(preview: true);

        Assert.Empty(run.Images.LoadedInto);
        Assert.Equal(RecordingImagePipeline.Planned.Predictor, run.Outputs["predictorImage"]);
    }

    [Fact]
    public async Task The_cronjob_runs_one_at_a_time_with_bounded_runs_and_history()
    {
        var spec = (await LabStackRun.RunAsync()).Single(CronJob, "scaler").Inputs.At("spec");

        Assert.Equal("Forbid", spec.At("concurrencyPolicy"));
        Assert.NotNull(spec.At("successfulJobsHistoryLimit"));
        Assert.NotNull(spec.At("failedJobsHistoryLimit"));
        Assert.InRange((double)spec.At("jobTemplate", "spec", "activeDeadlineSeconds")!, 1, 60);
        Assert.NotNull(spec.At("jobTemplate", "spec", "backoffLimit"));
        Assert.Equal("Never", spec.At("jobTemplate", "spec", "template", "spec", "restartPolicy"));
    }

    [Fact]
    public async Task Outputs_name_the_cluster_the_predictor_url_the_images_and_how_to_watch()
    {
        var outputs = (await LabStackRun.RunAsync(new Dictionary<string, string> { ["namespace"] = "lab" })).Outputs;

        Assert.Equal("lab-a", await ((Output<string>)outputs["clusterName"]!).ValueAsync());
        Assert.Equal("http://predictor.lab.svc.cluster.local/predict", outputs["predictorUrl"]);
        Assert.Equal(RecordingImagePipeline.Built.Predictor, outputs["predictorImage"]);
        Assert.Equal(RecordingImagePipeline.Built.Scaler, outputs["scalerImage"]);
        var watch = Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(outputs["watch"]);
        Assert.Contains("kubectl --context kind-lab-a --namespace lab get deployment sample-app -w", watch.Values);
        Assert.Equal(RecordingMocks.Kubeconfig, await ((Output<string>)outputs["kubeconfig"]!).ValueAsync());
        Assert.False(outputs.ContainsKey("registry"));
    }

    [Fact]
    public async Task A_namespace_other_than_default_is_created_with_the_restricted_labels_and_holds_everything()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { ["namespace"] = "lab" });

        var ns = run.Single("kubernetes:core/v1:Namespace", "namespace").Inputs;
        Assert.Equal("lab", ns.At("metadata", "name"));
        Assert.Equal("restricted", ns.At("metadata", "labels", "pod-security.kubernetes.io/enforce"));
        Assert.Empty(run.OfType("kubernetes:core/v1:NamespacePatch"));
        Assert.All(run.KubernetesObjects.Where(r => r.Type != "kubernetes:core/v1:Namespace"),
            r => Assert.Equal("lab", r.Inputs.At("metadata", "namespace")));
        Assert.Equal("lab", run.Single(StackRun.HelmChart, Names.Prometheus).Inputs.At("namespace"));
    }

    [Theory]
    [InlineData("minReplicas", "5", "lab-a:minReplicas")]
    [InlineData("cpuLow", "90", "lab-a:cpuLow")]
    [InlineData("schedule", "*/2 * * *", "lab-a:schedule")]
    [InlineData("maxReplicas", "zero", "lab-a:maxReplicas")]
    [InlineData("scaleDownStabilization", "soon", "lab-a:scaleDownStabilization")]
    [InlineData("retrainSchedule", "17 3 * *", "lab-a:retrainSchedule")]
    [InlineData("retrainSchedule", "never", "lab-a:retrainSchedule")]
    [InlineData("retrainRange", "2d", "lab-a:retrainRange")]
    [InlineData("retrainRange", "fortnight", "lab-a:retrainRange")]
    public async Task Invalid_config_stops_the_run_before_any_resource_naming_the_key(string key, string value, string expectedKey)
    {
        var config = new Dictionary<string, string> { [key] = value, ["maxReplicas"] = key == "maxReplicas" ? value : "4" };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => LabStackRun.RunAsync(config));

        Assert.Contains(expectedKey, error.Message);
        Assert.Contains($"pulumi config set {expectedKey}", error.Message);
    }

    [Fact]
    public async Task A_failed_image_build_fails_the_update_with_the_builds_own_error()
    {
        var images = new RecordingImagePipeline { BuildError = "docker build of lab-a/predictor:cccccccccccc failed: The command '/bin/sh -c dotnet publish' returned a non-zero code: 1" };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => LabStackRun.RunAsync(images: images));

        Assert.Contains("returned a non-zero code: 1", error.Message);
        // Reported as Pulumi reports a RunException: the message, no stack trace.
        Assert.DoesNotContain("   at ", error.Message);
    }
}
