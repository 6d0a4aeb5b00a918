using LabA.Deployment.Cluster;
using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;

namespace LabA.Deployment.Tests;

/// <summary>The stack with <c>lab-a:workloads</c>: the user's own workloads in place of the demo, and exactly their RBAC.</summary>
public class WorkloadsModeTests
{
    private static readonly LabImageReferences Images = new("lab-a/predictor:0123456789ab", "lab-a/scaler:ba9876543210", "lab-a/trainer:5a5a5a5a5a5a");

    private const string Prometheus = "http://prometheus-k8s.monitoring.svc:9090";

    /// <summary>One Deployment in the stack's namespace.</summary>
    internal const string One = """
        [{"name": "checkout", "query": "sum(rate(http_requests_total{job=\"checkout\"}[1m]))", "perReplica": 50, "maxReplicas": 10}]
        """;

    /// <summary>
    /// Four workloads over three namespaces: one in the stack's, two in shop sharing a model (one a StatefulSet, one with
    /// its HPA floored under another name), one in catalog with its HPA floored under its own name.
    /// </summary>
    internal const string Several = """
        [
          {"name": "checkout", "query": "sum(rate(http_requests_total{job=\"checkout\"}[1m]))", "perReplica": 50, "maxReplicas": 10},
          {"name": "cart", "namespace": "shop", "query": "sum(rate(http_requests_total{job=\"cart\"}[1m]))", "perReplica": "20", "maxReplicas": 6,
           "model": "shop-traffic", "hpa": "floor", "hpaName": "cart-hpa"},
          {"name": "orders", "namespace": "shop", "kind": "StatefulSet", "query": "sum(rate(orders_total[1m]))", "cpuLow": 30, "cpuHigh": 70,
           "minReplicas": 2, "maxReplicas": 5, "model": "shop-traffic"},
          {"name": "search", "namespace": "catalog", "query": "sum(rate(search_requests_total[1m]))", "perReplica": 100, "maxReplicas": 8, "hpa": "floor"}
        ]
        """;

    /// <summary>The stack in namespace lab reading an existing Prometheus, with <paramref name="values"/> over those.</summary>
    private static StackSettings Bind(string? workloads, params (string Key, string Value)[] values)
    {
        var config = new Dictionary<string, string> { ["namespace"] = "lab", ["prometheus"] = Prometheus };
        if (workloads is not null) config["workloads"] = workloads;
        foreach (var (key, value) in values) config[key] = value;
        return StackSettingsTests.Bind([.. config.Select(entry => (entry.Key, entry.Value))]);
    }

    private static WorkloadPlan Plan(string? workloads, params (string Key, string Value)[] values) => LabWorkloads.Plan(Bind(workloads, values), Images);

    private static IReadOnlyDictionary<string, string> EnvOf(ContainerPlan container) => container.Env.ToDictionary(v => v.Key, v => v.Value);

    private static (string Group, string Resource, string Verbs, string? Names)[] Rules(RbacSpec rbac) =>
        [.. rbac.Rules.Select(rule => (
            string.Join(',', rule.ApiGroups), string.Join(',', rule.Resources), string.Join(',', rule.Verbs),
            rule.ResourceNames is { } names ? string.Join(',', names) : null))];

    [Theory]
    [InlineData(null)]
    [InlineData("[]")]
    [InlineData("  ")]
    public void With_no_workloads_the_stack_is_the_demo_unchanged(string? workloads)
    {
        var demo = LabWorkloads.Plan(StackSettingsTests.Bind(("namespace", "lab"), ("prometheus", Prometheus)), Images);
        var plan = Plan(workloads);

        Assert.NotNull(plan.SampleApp);
        Assert.NotNull(plan.LoadSource);
        Assert.Null(plan.WorkloadsList);
        Assert.Empty(plan.WorkloadRbac!);
        Assert.Equal(demo.Scaler.Pod.Container.Env, plan.Scaler.Pod.Container.Env);
        Assert.Equal(demo.Scaler.Pod.Container.Volumes, plan.Scaler.Pod.Container.Volumes);
        Assert.Equal(demo.Predictor.Pod.Container.Env, plan.Predictor.Pod.Container.Env);
        Assert.Equal(demo.Predictor.Pod.Container.Volumes, plan.Predictor.Pod.Container.Volumes);
        Assert.Equal(Rules(demo.ScalerRbac), Rules(plan.ScalerRbac));
        Assert.Equal(Rules(demo.Retrain!.Rbac), Rules(plan.Retrain!.Rbac));
        Assert.Equal(demo.Retrain.CronJob.Pod.Container.Env, plan.Retrain.CronJob.Pod.Container.Env);
        Assert.Equal("", EnvOf(plan.Scaler.Pod.Container)[ScalerCatalogue.WorkloadsFile.Env]);
        Assert.DoesNotContain(PredictorCatalogue.ModelsDir.Env, EnvOf(plan.Predictor.Pod.Container).Keys);
        Assert.Equal([Names.ModelStore], plan.Predictor.ConfigMaps.Select(configMap => configMap.Name));
        // The demo's Role, rule for rule, as before workloads existed.
        Assert.Equal(
            [("apps", "deployments", "get", Names.SampleApp), ("apps", "deployments/scale", "patch", Names.SampleApp),
                ("", "configmaps", "get,patch", Names.ScalerState), ("", "events", "create", null)],
            Rules(plan.ScalerRbac));
    }

    [Fact]
    public void With_workloads_neither_the_sample_app_nor_the_load_source_nor_their_policies_and_scrapes_are_deployed()
    {
        var plan = Plan(One);

        Assert.Null(plan.SampleApp);
        Assert.Null(plan.LoadSource);
        Assert.Equal([plan.Predictor], plan.Services);
        Assert.Null(plan.Prometheus);
        Assert.DoesNotContain(plan.Pods, pod => pod.Labels[Labels.App] is Names.SampleApp or Names.LoadSource);
        Assert.DoesNotContain(plan.Egress, policy => policy.Name.StartsWith(Names.SampleApp, StringComparison.Ordinal) || policy.Name.StartsWith(Names.LoadSource, StringComparison.Ordinal));
        // The Scaler still reaches the predictor and the workloads' Prometheus.
        var scaler = Assert.Single(plan.Egress, policy => policy.Name == $"{Names.Scaler}-egress");
        Assert.Contains(scaler.To, peer => peer.Purpose == "predictor");
        Assert.Contains(scaler.To, peer => peer.Purpose == "prometheus" && peer.Namespace == "monitoring");
    }

    [Fact]
    public void The_scaler_and_the_retrain_job_read_the_list_from_the_file_the_workloads_configmap_is_mounted_as()
    {
        var settings = Bind(Several);
        var plan = LabWorkloads.Plan(settings, Images);

        var list = plan.WorkloadsList!;
        Assert.Equal(Names.WorkloadsConfigMap, list.Name);
        Assert.False(list.DataOwnedByApp);
        Assert.Equal(Names.Project, list.Labels[Labels.PartOf]);
        // The file parses back to the very workloads of the stack config, namespaces resolved against the stack's.
        Assert.Equal(settings.Workloads, WorkloadList.Parse(Assert.Single(list.Data, entry => entry.Key == Names.WorkloadsFileName).Value, "file", "elsewhere"));

        foreach (var container in new[] { plan.Scaler.Pod.Container, plan.Retrain!.CronJob.Pod.Container })
        {
            var file = EnvOf(container)[ScalerCatalogue.WorkloadsFile.Env];
            Assert.Equal("/etc/lab-a/workloads.json", file);
            var volume = Assert.Single(container.Volumes, v => v.ConfigMap == list.Name);
            Assert.Equal(Path.Combine(volume.MountPath, Names.WorkloadsFileName), file);
            Assert.True(volume.ReadOnly, container.Name);
        }
        var scaler = ScalerSettings.FromEnvironment(EnvReader.From(EnvOf(plan.Scaler.Pod.Container)));
        Assert.Equal("/etc/lab-a/workloads.json", scaler.WorkloadsFile);
        // The state's namespace and the default of a workload that names none: the stack's.
        Assert.Equal("lab", scaler.TargetNamespace);
        Assert.Null(scaler.LoadQuery);
        Assert.Equal(new Uri(Prometheus), scaler.PrometheusUrl);
        // The retrain job reads the history where the Scaler observes it: the same server, the same list.
        var retrainEnv = EnvOf(plan.Retrain.CronJob.Pod.Container);
        Assert.Equal([ScalerCatalogue.PrometheusUrl.Env, ScalerCatalogue.WorkloadsFile.Env], retrainEnv.Keys.Order());
        Assert.Equal(scaler.PrometheusUrl!.AbsoluteUri, retrainEnv[ScalerCatalogue.PrometheusUrl.Env]);
    }

    [Fact]
    public void The_predictor_mounts_one_model_store_per_model_under_models_dir_shared_models_once()
    {
        var plan = Plan(Several);
        var predictor = plan.Predictor;

        var settings = PredictorSettings.FromEnvironment(EnvReader.From(EnvOf(predictor.Pod.Container)), "/");
        Assert.Equal(Defaults.ModelsMountPath, settings.ModelsDirectory);
        string[] models = ["checkout", "shop-traffic", "search"];
        Assert.Equal(models.Select(Names.ModelStoreOf), predictor.ConfigMaps.Select(store => store.Name));
        Assert.All(predictor.ConfigMaps, store => Assert.True(store.DataOwnedByApp && store.Data.Count == 0, store.Name));
        var mounts = predictor.Pod.Container.Volumes.Where(volume => volume.ConfigMap is not null).ToList();
        Assert.Equal(models.Select(model => ($"/app/models/{model}", Names.ModelStoreOf(model), true)), mounts.Select(v => (v.MountPath, v.ConfigMap!, v.ReadOnly)));
        Assert.Equal(mounts.Count, mounts.Select(v => v.Name).Distinct().Count());
        // No demo store: the one-model route serves the image's model.
        Assert.DoesNotContain(predictor.ConfigMaps, store => store.Name == Names.ModelStore);
        Assert.Equal(Defaults.ImageModelDir, settings.ModelDirectory);
        // The retrain job may read and replace exactly those stores.
        var stores = Assert.Single(plan.Retrain!.Rbac.Rules, rule => rule.Resources.SequenceEqual(["configmaps"]));
        Assert.Equal(["get", "patch"], stores.Verbs);
        Assert.Equal(models.Select(Names.ModelStoreOf), stores.ResourceNames);
    }

    [Fact]
    public void One_workload_in_the_stacks_namespace_joins_the_scalers_role_there_by_name()
    {
        var plan = Plan(One);

        Assert.Equal(
            [
                ("apps", "deployments", "get", "checkout"), ("apps", "deployments/scale", "get,patch", "checkout"),
                ("autoscaling", "horizontalpodautoscalers", "list", null),
                ("", "configmaps", "get,patch", Names.ScalerState), ("", "events", "create", null),
            ],
            Rules(plan.ScalerRbac));
        Assert.Empty(plan.WorkloadRbac!);
        Assert.Equal(Names.ServiceAccount, plan.Scaler.Pod.ServiceAccount);
    }

    [Fact]
    public void Each_namespace_of_the_list_gets_one_role_naming_exactly_its_workloads_and_floored_hpas_bound_to_the_scalers_account()
    {
        var plan = Plan(Several);

        // The stack's namespace: checkout, the state and Events.
        Assert.Equal(
            [
                ("apps", "deployments", "get", "checkout"), ("apps", "deployments/scale", "get,patch", "checkout"),
                ("autoscaling", "horizontalpodautoscalers", "list", null),
                ("", "configmaps", "get,patch", Names.ScalerState), ("", "events", "create", null),
            ],
            Rules(plan.ScalerRbac));

        var roles = plan.WorkloadRbac!;
        Assert.Equal(["shop", "catalog"], roles.Select(role => role.Namespace));
        Assert.All(roles, role =>
        {
            Assert.Equal("lab", role.ServiceAccountNamespace);
            Assert.Equal(Names.ServiceAccount, role.Rbac.ServiceAccount);
            Assert.Equal("lab-a-scaler-lab", role.Rbac.Role);
            Assert.Equal(role.Rbac.Role, role.Rbac.RoleBinding);
        });
        // shop: a Deployment and a StatefulSet, each by name; only the floored HPA may be read and patched.
        Assert.Equal(
            [
                ("apps", "deployments", "get", "cart"), ("apps", "deployments/scale", "get,patch", "cart"),
                ("apps", "statefulsets", "get", "orders"), ("apps", "statefulsets/scale", "get,patch", "orders"),
                ("autoscaling", "horizontalpodautoscalers", "list", null), ("autoscaling", "horizontalpodautoscalers", "get,patch", "cart-hpa"),
                ("", "events", "create", null),
            ],
            Rules(roles[0].Rbac));
        // catalog: hpa floor without hpaName floors the HPA named after the workload.
        Assert.Equal(
            [
                ("apps", "deployments", "get", "search"), ("apps", "deployments/scale", "get,patch", "search"),
                ("autoscaling", "horizontalpodautoscalers", "list", null), ("autoscaling", "horizontalpodautoscalers", "get,patch", "search"),
                ("", "events", "create", null),
            ],
            Rules(roles[1].Rbac));
    }

    [Fact]
    public void No_role_has_a_rule_without_names_but_listing_hpas_and_creating_events_and_none_reaches_a_workload_outside_the_list()
    {
        var settings = Bind(Several);
        var plan = LabWorkloads.Plan(settings, Images);

        foreach (var (ns, _, rbac) in plan.ScalerRoles)
        {
            foreach (var rule in rbac.Rules)
            {
                Assert.DoesNotContain("*", rule.Verbs.Concat(rule.Resources).Concat(rule.ApiGroups));
                Assert.True(rule.ResourceNames is { Count: > 0 } || rule.Verbs.SequenceEqual(["list"]) && rule.Resources.SequenceEqual(["horizontalpodautoscalers"])
                    || rule.Verbs.SequenceEqual(["create"]) && rule.Resources.SequenceEqual(["events"]), $"{ns}: {string.Join(',', rule.Resources)}");
                Assert.DoesNotContain("delete", rule.Verbs);
                Assert.DoesNotContain("watch", rule.Verbs);
            }
            // Every name a workload rule holds is a listed workload of that namespace and kind.
            foreach (var rule in rbac.Rules.Where(rule => rule.ApiGroups.SequenceEqual(["apps"])))
            {
                var kind = rule.Resources[0].StartsWith("statefulsets", StringComparison.Ordinal) ? WorkloadKind.StatefulSet : WorkloadKind.Deployment;
                Assert.Equal(settings.Workloads.Where(w => w.Namespace == ns && w.Kind == kind).Select(w => w.Name), rule.ResourceNames!);
            }
        }
        // Every listed workload is reachable through exactly one Role: the one in its namespace.
        foreach (var workload in settings.Workloads)
            Assert.Single(plan.ScalerRoles, role => role.Namespace == workload.Namespace && role.Rbac.Rules.Any(rule => rule.ResourceNames?.Contains(workload.Name) == true));
    }

    [Fact]
    public void Without_floored_hpas_a_namespace_gets_no_hpa_patch_rule()
    {
        var plan = Plan("""[{"name": "api", "namespace": "web", "query": "sum(up)", "perReplica": 5, "maxReplicas": 3, "hpa": "leave"}]""");

        var role = Assert.Single(plan.WorkloadRbac!);
        Assert.DoesNotContain(role.Rbac.Rules, rule => rule.Verbs.Contains("patch") && rule.Resources.Contains("horizontalpodautoscalers"));
        Assert.Contains(role.Rbac.Rules, rule => rule.Verbs.SequenceEqual(["list"]) && rule.Resources.SequenceEqual(["horizontalpodautoscalers"]));
        // No workload in the stack's namespace: its Role keeps only the state and Events.
        Assert.Equal([("", "configmaps", "get,patch", Names.ScalerState), ("", "events", "create", null)], Rules(plan.ScalerRbac));
    }

    [Fact]
    public void Every_pod_of_workloads_mode_meets_the_restricted_profile_and_has_its_tmp()
    {
        foreach (var pod in Plan(Several).Pods)
        {
            Assert.True(pod.Security.RunAsNonRoot, pod.Container.Name);
            Assert.True(pod.Security.ReadOnlyRootFilesystem, pod.Container.Name);
            Assert.Contains(pod.Container.Volumes, v => v.MountPath == "/tmp" && v.ConfigMap is null);
            Assert.Equal(pod.Container.Volumes.Count, pod.Container.Volumes.Select(v => v.Name).Distinct().Count());
        }
    }

    [Fact]
    public void The_watch_commands_follow_the_first_listed_workload_in_its_namespace()
    {
        var watch = WatchCommands.For(Bind("""[{"name": "db", "namespace": "data", "kind": "StatefulSet", "query": "sum(up)", "perReplica": 5, "maxReplicas": 3}]"""));

        Assert.Equal("kubectl --context kind-lab-a --namespace data get statefulset db -w", watch["replicas"]);
        Assert.Equal("kubectl --context kind-lab-a --namespace data get events --field-selector involvedObject.name=db -w", watch["scalerEvents"]);
        Assert.Contains($"involvedObject.name={Names.ModelStoreOf("db")}", watch["modelEvents"]);
    }

    [Theory]
    [InlineData("""[{"name": "a", "query": "up", "maxReplicas": 3}, {"name": "b", "query": "up", "perReplica": "many", "maxReplicas": 3}]""", "lab-a:workloads[1].perReplica")]
    [InlineData("""[{"name": "a", "query": "up"}]""", "lab-a:workloads[0].maxReplicas")]
    [InlineData("""[{"name": "a", "query": "up", "maxReplicas": 3, "kind": "DaemonSet"}]""", "lab-a:workloads[0].kind")]
    [InlineData("""{"name": "a"}""", "lab-a:workloads")]
    [InlineData("""[{"name": "predictor", "query": "up", "maxReplicas": 3}]""", "lab-a:workloads[0].name")]
    public void A_bad_workload_fails_naming_its_path(string workloads, string expectedKey)
    {
        var error = Assert.Throws<SettingsException>(() => Bind(workloads));

        Assert.Equal(expectedKey, error.Key);
        Assert.StartsWith(expectedKey + ": ", error.Message);
    }

    [Theory]
    [InlineData("prometheus", "off", "lab-a:prometheus")]
    [InlineData("prometheus", "install", "lab-a:prometheus")]
    [InlineData("loadQuery", "sum(up)", "lab-a:loadQuery")]
    [InlineData("sampleAppImage", "nginx:1.27-alpine", "lab-a:sampleAppImage")]
    [InlineData("minReplicas", "3", "lab-a:minReplicas")]
    [InlineData("maxReplicas", "4", "lab-a:maxReplicas")]
    [InlineData("cpuLow", "30", "lab-a:cpuLow")]
    [InlineData("cpuHigh", "70", "lab-a:cpuHigh")]
    public void A_key_workloads_cannot_use_or_would_ignore_is_refused_naming_it(string key, string value, string expectedKey)
    {
        var error = Assert.Throws<SettingsException>(() => Bind(One, (key, value)));

        Assert.Equal(expectedKey, error.Key);
        Assert.Contains("lab-a:workloads", error.Message);
        // And without workloads the same value is the demo's to use.
        StackSettingsTests.Bind(("namespace", "lab"), (key, value));
    }

    [Fact]
    public void The_demo_keys_at_their_defaults_as_the_dev_stack_file_holds_them_are_accepted_with_workloads()
    {
        var values = StackSettings.DefaultValues.Where(entry => entry.Key is not (StackKeys.Prometheus or "namespace")).Select(entry => (entry.Key, entry.Value));

        var settings = Bind(One, [.. values]);

        Assert.Equal("checkout", Assert.Single(settings.Workloads).Name);
        Assert.Equal("lab", settings.Workloads[0].Namespace);
    }
}
