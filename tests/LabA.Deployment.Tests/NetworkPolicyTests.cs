using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Tests;

/// <summary>Who reaches the lab's pods and whom they reach: namespaces by their immutable name label, never labels anyone can set on a pod elsewhere.</summary>
public class NetworkPolicyTests
{
    private static readonly LabImageReferences Images = new("lab-a/predictor:0123456789ab", "lab-a/scaler:ba9876543210", "lab-a/trainer:5a5a5a5a5a5a");

    private static WorkloadPlan Plan(params (string Key, string Value)[] values) =>
        LabWorkloads.Plan(StackSettingsTests.Bind([("namespace", "lab"), .. values]), Images);

    private static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(label => labels.TryGetValue(label.Key, out var value) && value == label.Value);

    [Theory]
    [InlineData("install", "lab")]
    [InlineData("http://prometheus-k8s.monitoring.svc:9090", "monitoring")]
    [InlineData("http://prometheus.observability.svc.cluster.local:9090", "observability")]
    public void The_predictor_admits_the_scalers_pods_in_its_namespace_and_prometheus_pods_in_prometheus_namespace_only(string prometheus, string prometheusNamespace)
    {
        var plan = Plan(("prometheus", prometheus));
        var from = plan.Predictor.Ingress.From;

        Assert.Equal(2, from.Count);
        var scaler = Assert.Single(from, peer => Matches(peer.PodLabels, plan.Scaler.Pod.Labels));
        Assert.Null(scaler.Namespace);
        var scraper = Assert.Single(from, peer => peer != scaler);
        Assert.Equal(new Dictionary<string, string> { [Labels.Name] = Names.Prometheus }, scraper.PodLabels);
        Assert.Equal(prometheusNamespace, scraper.Namespace);
        var loadSource = Assert.Single(plan.LoadSource!.Ingress.From);
        Assert.Equal(scraper.PodLabels, loadSource.PodLabels);
        Assert.Equal(scraper.Namespace, loadSource.Namespace);
    }

    [Fact]
    public void A_prometheus_outside_the_cluster_or_none_admits_no_scraper_from_any_namespace()
    {
        foreach (var prometheus in new[] { "https://prometheus.example.com", "off" })
        {
            var plan = Plan(("prometheus", prometheus));
            var only = Assert.Single(plan.Predictor.Ingress.From);
            Assert.True(Matches(only.PodLabels, plan.Scaler.Pod.Labels));
            Assert.Null(only.Namespace);
        }
    }

    [Fact]
    public void The_scaler_reaches_only_dns_the_api_server_the_predictor_and_prometheus()
    {
        var plan = Plan();
        var policy = Assert.Single(plan.Egress, policy => Matches(policy.PodSelector, plan.Scaler.Pod.Labels));
        Assert.Equal(["Egress"], policy.PolicyTypes);
        Assert.Equal(["dns", "api-server", "predictor", "prometheus"], policy.To.Select(peer => peer.Purpose));

        var dns = policy.To[0];
        Assert.Equal("kube-system", dns.Namespace);
        Assert.Equal([new NetworkPort(53, "UDP"), new NetworkPort(53, "TCP")], dns.Ports);
        var predictor = policy.To[2];
        Assert.True(Matches(predictor.PodLabels!, plan.Predictor.Pod.Labels));
        Assert.Null(predictor.Namespace);
        Assert.Equal([new NetworkPort(plan.Predictor.TargetPort)], predictor.Ports);
        var prometheus = policy.To[3];
        Assert.Equal(new Dictionary<string, string> { [Labels.Name] = Names.Prometheus }, prometheus.PodLabels);
        Assert.Null(prometheus.Namespace);
        Assert.Equal([new NetworkPort(9090)], prometheus.Ports);
        Assert.All(policy.To, peer => Assert.NotEmpty(peer.Ports));
    }

    [Fact]
    public void The_retrain_job_reaches_only_dns_the_api_server_and_prometheus_and_the_predictor_reaches_nothing()
    {
        var plan = Plan(("prometheus", "http://prometheus-k8s.monitoring.svc:9090"));
        var retrain = Assert.Single(plan.Egress, policy => Matches(policy.PodSelector, plan.Retrain!.CronJob.Pod.Labels));
        Assert.Equal(["dns", "api-server", "prometheus"], retrain.To.Select(peer => peer.Purpose));
        Assert.Equal("monitoring", retrain.To[2].Namespace);

        var predictor = Assert.Single(plan.Egress, policy => Matches(policy.PodSelector, plan.Predictor.Pod.Labels));
        Assert.Empty(predictor.To);
        Assert.Equal(3, plan.Egress.Count);
        // Each egress policy selects one workload's pods.
        foreach (var policy in plan.Egress) Assert.Single(plan.Pods, pod => Matches(policy.PodSelector, pod.Labels));
    }

    [Fact]
    public void A_prometheus_outside_the_cluster_is_reached_on_its_port_alone_and_the_open_loop_reaches_no_prometheus()
    {
        var external = Plan(("prometheus", "https://prometheus.example.com"));
        var scaler = Assert.Single(external.Egress, policy => Matches(policy.PodSelector, external.Scaler.Pod.Labels));
        var prometheus = Assert.Single(scaler.To, peer => peer.Purpose == "prometheus");
        Assert.Null(prometheus.PodLabels);
        Assert.Equal([new NetworkPort(443)], prometheus.Ports);

        var open = Plan(("prometheus", "off"));
        var openScaler = Assert.Single(open.Egress, policy => Matches(policy.PodSelector, open.Scaler.Pod.Labels));
        Assert.Equal(["dns", "api-server", "predictor"], openScaler.To.Select(peer => peer.Purpose));
    }
}
