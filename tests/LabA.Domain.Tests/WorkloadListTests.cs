using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Workloads;

namespace LabA.Domain.Tests;

public class WorkloadListTests
{
    private const string Root = "lab-a:workloads";

    private static IReadOnlyList<Workload> Parse(string json) => WorkloadList.Parse(json, Root, "lab");

    [Fact]
    public void A_minimal_workload_takes_the_stack_namespace_a_Deployment_and_its_own_name_as_model()
    {
        var workload = Assert.Single(Parse("""[{"name": "checkout", "query": "sum(rate(http_requests_total{app=\"checkout\"}[2m]))", "perReplica": 50, "maxReplicas": 12}]"""));
        Assert.Equal(("checkout", "lab", WorkloadKind.Deployment, "checkout", HpaMode.Leave), (workload.Name, workload.Namespace, workload.Kind, workload.Model, workload.Hpa));
        Assert.Equal(WorkloadList.DefaultMinReplicas, workload.Mapping.MinReplicas);
        Assert.Equal(50, workload.Mapping.PerReplica);
        Assert.Null(workload.HpaName);
    }

    [Theory]
    [InlineData(0, 1)]      // never below minReplicas
    [InlineData(50, 1)]
    [InlineData(50.01, 2)]  // a hair above one replica's capacity needs a second
    [InlineData(499, 10)]
    [InlineData(5000, 12)]  // clamped to maxReplicas
    public void Per_replica_capacity_is_the_ceiling_of_demand_over_capacity_within_the_bounds(double demand, int replicas)
    {
        var workload = Assert.Single(Parse("""[{"name": "checkout", "query": "q", "perReplica": 50, "maxReplicas": 12}]"""));
        Assert.Equal(replicas, workload.Mapping.Recommend(demand));
        Assert.True(workload.Mapping.MaxLoad > ReplicaMapping.MaxCpuPercent, "a request rate is not bounded by CPU%");
    }

    [Fact]
    public void Without_perReplica_the_CPU_band_maps_as_the_demo_does()
    {
        var workload = Assert.Single(Parse("""
            [{"name": "db", "kind": "StatefulSet", "namespace": "data", "query": "q", "cpuLow": 10, "cpuHigh": 70,
              "minReplicas": 3, "maxReplicas": 9, "model": "shared", "hpa": "floor"}]
            """));
        Assert.Equal((WorkloadKind.StatefulSet, "data", "shared", HpaMode.Floor, "db"), (workload.Kind, workload.Namespace, workload.Model, workload.Hpa, workload.HpaName));
        Assert.Equal(ReplicaMapping.Create(3, 9, 10, 70).Recommend(40), workload.Mapping.Recommend(40));
        Assert.Null(workload.Mapping.PerReplica);
    }

    [Theory]
    [InlineData("""[{"query": "q", "maxReplicas": 3}]""", "lab-a:workloads[0].name")]
    [InlineData("""[{"name": "a", "query": "q", "maxReplicas": 3}, {"name": "b", "maxReplicas": 3}]""", "lab-a:workloads[1].query")]
    [InlineData("""[{"name": "a", "query": "q"}]""", "lab-a:workloads[0].maxReplicas")]
    [InlineData("""[{"name": "a", "query": "q", "maxReplicas": 3, "perReplica": 0}]""", "lab-a:workloads[0].perReplica")]
    [InlineData("""[{"name": "a", "query": "q", "maxReplicas": 3, "perReplica": "lots"}]""", "lab-a:workloads[0].perReplica")]
    [InlineData("""[{"name": "a", "query": "q", "maxReplicas": 3, "perReplica": 5, "cpuHigh": 80}]""", "lab-a:workloads[0].cpuHigh")]
    [InlineData("""[{"name": "a", "query": "q", "maxReplicas": 3, "minReplicas": 4}]""", "lab-a:workloads[0].minReplicas")]
    [InlineData("""[{"name": "a", "query": "q", "maxReplicas": 2.5}]""", "lab-a:workloads[0].maxReplicas")]
    [InlineData("""[{"name": "a", "query": "q", "maxReplicas": 3, "kind": "DaemonSet"}]""", "lab-a:workloads[0].kind")]
    [InlineData("""[{"name": "a", "query": "q", "maxReplicas": 3, "hpa": "fight"}]""", "lab-a:workloads[0].hpa")]
    [InlineData("""[{"name": "a", "query": "q", "maxReplicas": 3, "hpaName": "a-hpa"}]""", "lab-a:workloads[0].hpaName")]
    [InlineData("""[{"name": "a", "query": "q", "maxReplicas": 3, "perReplicas": 5}]""", "lab-a:workloads[0].perReplicas")]
    [InlineData("""[{"name": "Checkout", "query": "q", "maxReplicas": 3}]""", "lab-a:workloads[0].name")]
    [InlineData("""[{"name": "a.b", "query": "q", "maxReplicas": 3}]""", "lab-a:workloads[0].model")]
    [InlineData("""[{"name": "a", "query": "q", "maxReplicas": 3}, {"name": "a", "query": "r", "maxReplicas": 3}]""", "lab-a:workloads[1].name")]
    [InlineData("""[{"name": "a", "query": "q\nr", "maxReplicas": 3}]""", "lab-a:workloads[0].query")]
    [InlineData("""{"name": "a"}""", "lab-a:workloads")]
    [InlineData("""[{"name": "a",""", "lab-a:workloads")]
    [InlineData("""["a"]""", "lab-a:workloads[0]")]
    public void A_bad_workload_is_refused_naming_the_path_of_the_bad_value(string json, string key)
    {
        var error = Assert.Throws<SettingsException>(() => Parse(json));
        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void The_same_name_in_two_namespaces_is_two_workloads_with_distinct_state()
    {
        var workloads = Parse("""[{"name": "web", "query": "q", "maxReplicas": 3}, {"name": "web", "namespace": "shop", "query": "q", "maxReplicas": 3, "model": "web2"}]""");
        Assert.Equal(["web", "shop.web"], workloads.Select(w => w.StateId("lab")));
    }

    [Fact]
    public void Numbers_given_as_strings_by_pulumi_config_set_path_are_read_as_numbers()
    {
        var workload = Assert.Single(Parse("""[{"name": "a", "query": "q", "maxReplicas": "4", "perReplica": "2.5"}]"""));
        Assert.Equal((4, 2.5), (workload.Mapping.MaxReplicas, workload.Mapping.PerReplica!.Value));
    }

    [Fact]
    public void The_file_form_parses_back_to_the_same_workloads()
    {
        var workloads = Parse("""
            [{"name": "a", "query": "sum(rate(x[1m]))", "perReplica": 7.5, "maxReplicas": 30, "minReplicas": 0},
             {"name": "b", "kind": "StatefulSet", "namespace": "data", "query": "q", "cpuLow": 5, "cpuHigh": 95, "maxReplicas": 5, "hpa": "floor", "hpaName": "b-hpa"}]
            """);
        var again = WorkloadList.Parse(WorkloadList.ToJson(workloads), "WORKLOADS_FILE", "elsewhere");
        Assert.Equal(workloads, again);
    }

    [Fact]
    public void A_file_that_cannot_be_read_names_the_variable_and_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.json");
        var error = Assert.Throws<SettingsException>(() => WorkloadList.ReadFile(path, "lab"));
        Assert.Equal("WORKLOADS_FILE", error.Key);
        Assert.Contains(path, error.Message);
    }
}
