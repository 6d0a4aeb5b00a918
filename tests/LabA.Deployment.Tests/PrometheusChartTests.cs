using LabA.Deployment.Monitoring;

namespace LabA.Deployment.Tests;

public class PrometheusChartTests
{
    private static readonly PrometheusChartPlan Plan =
        PrometheusChart.Plan("lab", [new ScrapeTarget("load-source", "load-source.lab.svc.cluster.local", 9100)]);

    private static object? At(object? node, params string[] path)
    {
        foreach (var key in path)
            node = node is IReadOnlyDictionary<string, object> map && map.TryGetValue(key, out var next) ? next : null;
        return node;
    }

    [Fact]
    public void The_chart_is_pinned_and_renders_the_server_alone()
    {
        Assert.Equal(("prometheus", "27.19.0", "https://prometheus-community.github.io/helm-charts"), (Plan.Chart, Plan.Version, Plan.Repository));
        foreach (var component in new[] { "alertmanager", "kube-state-metrics", "prometheus-node-exporter", "prometheus-pushgateway" })
            Assert.Equal(false, At(Plan.Values, component, "enabled"));
        Assert.Equal(false, At(Plan.Values, "rbac", "create"));
        Assert.Equal(PrometheusChart.Retention, At(Plan.Values, "server", "retention"));
    }

    [Fact]
    public void The_scrape_jobs_are_static_targets_replacing_the_charts_service_discovery()
    {
        var jobs = Assert.IsType<List<object>>(At(Plan.Values, "serverFiles", "prometheus.yml", "scrape_configs"));

        var loadSource = Assert.Single(jobs.Cast<IReadOnlyDictionary<string, object>>(), job => (string)job["job_name"] == "load-source");
        var targets = Assert.IsType<List<object>>(At(Assert.Single((List<object>)loadSource["static_configs"]), "targets"));
        Assert.Equal(["load-source.lab.svc.cluster.local:9100"], targets);
        Assert.All(jobs.Cast<IReadOnlyDictionary<string, object>>(), job => Assert.False(job.ContainsKey("kubernetes_sd_configs")));
    }

    [Fact]
    public void Every_value_is_a_type_helm_values_carry()
    {
        // Pulumi serializes strings, bools, ints and doubles, maps and lists; a long would fail only at `pulumi up`.
        static void Check(object value)
        {
            switch (value)
            {
                case IReadOnlyDictionary<string, object> map: foreach (var child in map.Values) Check(child); break;
                case List<object> list: foreach (var child in list) Check(child); break;
                default: Assert.True(value is string or bool or int or double, $"{value} is a {value.GetType().Name}"); break;
            }
        }
        Check(Plan.Values);
    }
}
