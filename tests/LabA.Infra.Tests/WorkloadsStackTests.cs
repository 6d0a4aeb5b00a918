using System.Text.Json;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;

namespace LabA.Infra.Tests;

/// <summary>
/// The stack with <c>lab-a:workloads</c>, given as Pulumi hands structured config to the program (its JSON text under the
/// key, as <c>pulumi config set --path 'lab-a:workloads[0].name' checkout</c> leaves it): the user's workloads in place of
/// the demo, and Roles naming exactly them.
/// </summary>
public class WorkloadsStackTests
{
    private const string ConfigMap = "kubernetes:core/v1:ConfigMap";
    private const string Deployment = "kubernetes:apps/v1:Deployment";
    private const string CronJob = "kubernetes:batch/v1:CronJob";
    private const string Role = "kubernetes:rbac.authorization.k8s.io/v1:Role";
    private const string RoleBinding = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
    private const string Prometheus = "http://prometheus-k8s.monitoring.svc:9090";

    /// <summary>What `config set --path` stores: numbers it could read as numbers, the rest strings.</summary>
    private static readonly string One = JsonSerializer.Serialize(new object[]
    {
        new Dictionary<string, object> { ["name"] = "checkout", ["query"] = "sum(rate(http_requests_total{job=\"checkout\"}[1m]))", ["perReplica"] = 50, ["maxReplicas"] = 10 },
    });

    /// <summary>Three namespaces: checkout in the stack's; cart (HPA floored as cart-hpa) and the StatefulSet orders in shop; search in catalog.</summary>
    private static readonly string Several = JsonSerializer.Serialize(new object[]
    {
        new Dictionary<string, object> { ["name"] = "checkout", ["query"] = "sum(rate(http_requests_total{job=\"checkout\"}[1m]))", ["perReplica"] = 50, ["maxReplicas"] = 10 },
        new Dictionary<string, object>
        {
            ["name"] = "cart", ["namespace"] = "shop", ["query"] = "sum(rate(cart_requests_total[1m]))", ["perReplica"] = 20, ["maxReplicas"] = 6,
            ["model"] = "shop-traffic", ["hpa"] = "floor", ["hpaName"] = "cart-hpa",
        },
        new Dictionary<string, object>
        {
            ["name"] = "orders", ["namespace"] = "shop", ["kind"] = "StatefulSet", ["query"] = "sum(rate(orders_total[1m]))", ["perReplica"] = 5,
            ["maxReplicas"] = 4, ["model"] = "shop-traffic",
        },
        new Dictionary<string, object>
        {
            ["name"] = "search", ["namespace"] = "catalog", ["query"] = "sum(rate(search_total[1m]))", ["perReplica"] = 100, ["maxReplicas"] = 8, ["hpa"] = "floor",
        },
    });

    private static Task<StackRun> RunAsync(string? workloads) => LabStackRun.RunAsync(new Dictionary<string, string>
    {
        ["namespace"] = "lab",
        ["prometheus"] = Prometheus,
        ["workloads"] = workloads ?? "",
    });

    private static object? PodOf(RegisteredResource cronJob) => cronJob.Inputs.At("spec", "jobTemplate", "spec", "template", "spec");

    /// <summary>A Role's rules as (resources, verbs, resourceNames), in order.</summary>
    private static (string Resources, string Verbs, string? Names)[] Rules(RegisteredResource role) =>
        [.. role.Inputs.At("rules").Items().Select(rule => (
            string.Join(',', rule.At("resources").Strings()), string.Join(',', rule.At("verbs").Strings()),
            rule.At("resourceNames") is { } names ? string.Join(',', names.Strings()) : null))];

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    public async Task With_no_workloads_the_stack_is_the_demo_resource_for_resource(string workloads)
    {
        var demo = await LabStackRun.RunAsync(new Dictionary<string, string> { ["namespace"] = "lab", ["prometheus"] = Prometheus });
        var run = await RunAsync(workloads);

        Assert.Equal(demo.Resources.Select(r => $"{r.Type}/{r.Name}").Order(), run.Resources.Select(r => $"{r.Type}/{r.Name}").Order());
        foreach (var resource in demo.KubernetesObjects)
            Assert.Equal(JsonSerializer.Serialize(resource.Inputs), JsonSerializer.Serialize(run.Single(resource.Type, resource.Name).Inputs));
        run.Single(Deployment, Names.SampleApp);
        run.Single(Deployment, Names.LoadSource);
        Assert.DoesNotContain(run.Resources, r => r.Name == Names.WorkloadsConfigMap);
    }

    [Fact]
    public async Task One_workload_replaces_the_sample_app_and_the_load_source_and_the_scaler_reads_the_list_from_its_configmap()
    {
        var run = await RunAsync(One);

        Assert.Equal([Names.Predictor], run.OfType(Deployment).Select(d => d.Name));
        Assert.DoesNotContain(run.Resources, r => r.Name.StartsWith(Names.SampleApp, StringComparison.Ordinal) || r.Name.StartsWith(Names.LoadSource, StringComparison.Ordinal));
        Assert.Empty(run.OfType(StackRun.HelmChart));

        var list = run.Single(ConfigMap, Names.WorkloadsConfigMap).Inputs;
        Assert.Equal("lab", list.At("metadata", "namespace"));
        var workloads = WorkloadList.Parse((string)list.At("data", Names.WorkloadsFileName)!, "file", "elsewhere");
        var checkout = Assert.Single(workloads);
        Assert.Equal(("checkout", "lab", WorkloadKind.Deployment, (double?)50.0), (checkout.Name, checkout.Namespace, checkout.Kind, checkout.Mapping.PerReplica));

        foreach (var cronJob in new[] { run.Single(CronJob, "scaler"), run.Single(CronJob, Names.Retrain) })
        {
            var pod = PodOf(cronJob);
            var container = pod.At("containers", 0);
            Assert.Equal("/etc/lab-a/workloads.json", container.EnvOf()[ScalerCatalogue.WorkloadsFile.Env]);
            var volume = Assert.Single(pod.At("volumes").Items(), v => Names.WorkloadsConfigMap.Equals(v.At("configMap", "name")));
            var mount = Assert.Single(container.At("volumeMounts").Items(), m => m.At("name")!.Equals(volume.At("name")));
            Assert.Equal("/etc/lab-a", mount.At("mountPath"));
            Assert.Equal(true, mount.At("readOnly"));
        }

        Assert.Equal(
            [
                ("deployments", "get", "checkout"), ("deployments/scale", "get,patch", "checkout"), ("horizontalpodautoscalers", "list", null),
                ("configmaps", "get,patch", Names.ScalerState), ("events", "create", null),
            ],
            Rules(run.Single(Role, "scaler-role")));
        Assert.Single(run.OfType(Role), role => role.Name.StartsWith("scaler-role", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_predictor_mounts_one_store_per_model_and_the_retrain_role_names_exactly_those()
    {
        var run = await RunAsync(Several);

        string[] stores = [Names.ModelStoreOf("checkout"), Names.ModelStoreOf("shop-traffic"), Names.ModelStoreOf("search")];
        foreach (var store in stores)
        {
            var configMap = run.Single(ConfigMap, store).Inputs;
            Assert.Equal("lab", configMap.At("metadata", "namespace"));
            Assert.Empty(configMap.At("data").Items());
        }
        Assert.DoesNotContain(run.OfType(ConfigMap), c => c.Name == Names.ModelStore);

        var pod = run.Single(Deployment, Names.Predictor).Inputs.At("spec", "template", "spec");
        var container = pod.At("containers", 0);
        var settings = PredictorSettings.FromEnvironment(EnvReader.From(container.EnvOf()), "/");
        Assert.Equal("/app/models", settings.ModelsDirectory);
        var mounted = pod.At("volumes").Items().Where(v => v.At("configMap") is not null)
            .Select(v => ((string)v.At("configMap", "name")!, (string)container.At("volumeMounts").Items().Single(m => m.At("name")!.Equals(v.At("name"))).At("mountPath")!));
        Assert.Equal(
            [(stores[0], "/app/models/checkout"), (stores[1], "/app/models/shop-traffic"), (stores[2], "/app/models/search")],
            mounted);

        Assert.Equal([("configmaps", "get,patch", string.Join(',', stores)), ("events", "create", null)], Rules(run.Single(Role, "retrain-role")));
    }

    [Fact]
    public async Task Each_namespace_of_the_list_gets_a_role_naming_its_workloads_statefulsets_and_floored_hpas_bound_to_the_scalers_account()
    {
        var run = await RunAsync(Several);

        Assert.Equal(["scaler-role", "scaler-role-catalog", "scaler-role-shop"], run.OfType(Role).Select(r => r.Name).Where(n => n.StartsWith("scaler", StringComparison.Ordinal)).Order());
        var shop = run.Single(Role, "scaler-role-shop");
        Assert.Equal(("lab-a-scaler-lab", "shop"), ((string)shop.Inputs.At("metadata", "name")!, (string)shop.Inputs.At("metadata", "namespace")!));
        Assert.Equal(
            [
                ("deployments", "get", "cart"), ("deployments/scale", "get,patch", "cart"),
                ("statefulsets", "get", "orders"), ("statefulsets/scale", "get,patch", "orders"),
                ("horizontalpodautoscalers", "list", null), ("horizontalpodautoscalers", "get,patch", "cart-hpa"),
                ("events", "create", null),
            ],
            Rules(shop));
        Assert.Equal(
            [
                ("deployments", "get", "search"), ("deployments/scale", "get,patch", "search"),
                ("horizontalpodautoscalers", "list", null), ("horizontalpodautoscalers", "get,patch", "search"),
                ("events", "create", null),
            ],
            Rules(run.Single(Role, "scaler-role-catalog")));
        // The stack's namespace keeps the state and holds checkout alone.
        Assert.Equal(
            [
                ("deployments", "get", "checkout"), ("deployments/scale", "get,patch", "checkout"), ("horizontalpodautoscalers", "list", null),
                ("configmaps", "get,patch", Names.ScalerState), ("events", "create", null),
            ],
            Rules(run.Single(Role, "scaler-role")));

        foreach (var ns in new[] { "shop", "catalog" })
        {
            var binding = run.Single(RoleBinding, $"scaler-rolebinding-{ns}").Inputs;
            Assert.Equal(ns, binding.At("metadata", "namespace"));
            Assert.Equal(("Role", "lab-a-scaler-lab"), ((string)binding.At("roleRef", "kind")!, (string)binding.At("roleRef", "name")!));
            // The one account the Scaler runs as, in the stack's namespace: no account is created in the workloads' namespaces.
            Assert.Equal(("ServiceAccount", Names.ServiceAccount, "lab"),
                ((string)binding.At("subjects", 0, "kind")!, (string)binding.At("subjects", 0, "name")!, (string)binding.At("subjects", 0, "namespace")!));
        }
        Assert.Equal([$"{Names.Retrain}-sa", "scaler-sa"], run.OfType("kubernetes:core/v1:ServiceAccount").Select(sa => sa.Name).Order());
        Assert.DoesNotContain(run.Resources, r => r.Type.Contains("ClusterRole", StringComparison.Ordinal));
        // Nothing but the Roles and bindings goes into the workloads' namespaces, and no namespace of theirs is created.
        Assert.All(run.KubernetesObjects.Where(r => r.Inputs.At("metadata", "namespace") is "shop" or "catalog"), r => Assert.Contains(r.Type, new[] { Role, RoleBinding }));
        Assert.DoesNotContain(run.OfType("kubernetes:core/v1:Namespace"), ns => ns.Inputs.At("metadata", "name") is "shop" or "catalog");
    }

    [Theory]
    [InlineData("""[{"name": "a", "query": "up"}]""", "lab-a:workloads[0].maxReplicas")]
    [InlineData("""[{"name": "a", "query": "up", "maxReplicas": 3}, {"name": "b", "query": "up", "maxReplicas": 3, "hpa": "sometimes"}]""", "lab-a:workloads[1].hpa")]
    public async Task A_bad_workload_stops_the_run_before_any_resource_naming_its_path(string workloads, string path)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunAsync(workloads));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task Workloads_with_prometheus_off_stop_the_run_naming_the_key()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => LabStackRun.RunAsync(new Dictionary<string, string> { ["prometheus"] = "off", ["workloads"] = One }));

        Assert.Contains("lab-a:prometheus", error.Message);
    }
}
