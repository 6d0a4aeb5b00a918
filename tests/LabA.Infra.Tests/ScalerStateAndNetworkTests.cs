using LabA.Deployment.Workloads;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Infra.Tests;

public class ScalerStateAndNetworkTests
{
    private const string ConfigMap = "kubernetes:core/v1:ConfigMap";
    private const string NetworkPolicy = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

    [Fact]
    public async Task The_stack_creates_the_scalers_state_configmap_empty_in_the_lab_namespace()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { ["namespace"] = "lab" });

        var state = run.Single(ConfigMap, "scaler-state").Inputs;
        Assert.Equal(Names.ScalerState, state.At("metadata", "name"));
        Assert.Equal("lab", state.At("metadata", "namespace"));
        Assert.Empty(state.At("data").Items());
        // The Role's configmaps rule names exactly this object.
        var rule = run.Single("kubernetes:rbac.authorization.k8s.io/v1:Role", "scaler-role").Inputs.At("rules").Items()
            .Single(r => r.At("resources").Strings().SequenceEqual(["configmaps"]));
        Assert.Equal([(string)state.At("metadata", "name")!], rule.At("resourceNames").Strings());
    }

    [Fact]
    public async Task The_predictor_policy_lets_in_the_scalers_pods_and_prometheus_from_its_namespace_on_its_port()
    {
        var run = await LabStackRun.RunAsync();

        var spec = run.Single(NetworkPolicy, "predictor").Inputs.At("spec");
        Assert.Equal(Names.Predictor, spec.At("podSelector", "matchLabels", Labels.App));
        Assert.Equal(["Ingress"], spec.At("policyTypes").Strings());
        var rule = Assert.Single(spec.At("ingress").Items());
        Assert.Equal((double)PredictorCatalogue.Port.Default, rule.At("ports", 0, "port"));
        Assert.Equal("TCP", rule.At("ports", 0, "protocol"));
        var peers = rule.At("from").Items().ToList();
        Assert.Equal(2, peers.Count);

        var scalerPodLabels = run.Single("kubernetes:batch/v1:CronJob", "scaler").Inputs
            .At("spec", "jobTemplate", "spec", "template", "metadata", "labels");
        var scaler = Assert.Single(peers, p => p.At("namespaceSelector") is null);
        Assert.Equal(Names.Scaler, scaler.At("podSelector", "matchLabels", Labels.App));
        Assert.Equal(scaler.At("podSelector", "matchLabels", Labels.App), scalerPodLabels.At(Labels.App));

        var prometheus = Assert.Single(peers, p => p.At("namespaceSelector") is not null);
        Assert.Equal(Names.Prometheus, prometheus.At("podSelector", "matchLabels", Labels.Name));
        // Prometheus' namespace by the name label Kubernetes sets (the installed server runs in the lab's).
        Assert.Equal("default", prometheus.At("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
    }

    [Fact]
    public async Task The_sample_app_policy_lets_in_every_source_on_its_port_only()
    {
        var run = await LabStackRun.RunAsync();

        var spec = run.Single(NetworkPolicy, "sample-app").Inputs.At("spec");
        Assert.Equal(Names.SampleApp, spec.At("podSelector", "matchLabels", Labels.App));
        var rule = Assert.Single(spec.At("ingress").Items());
        // No "from" at all: any source (an empty list would let none in).
        Assert.Null(rule.At("from"));
        Assert.Equal((double)LabWorkloads.SampleAppPort, rule.At("ports", 0, "port"));
        Assert.Equal(run.Single("kubernetes:core/v1:Service", "sample-app").Inputs.At("spec", "ports", 0, "targetPort"), rule.At("ports", 0, "port"));
    }

    [Fact]
    public async Task The_scaler_the_retrain_job_and_the_predictor_each_have_an_egress_policy_with_only_what_they_need()
    {
        var run = await LabStackRun.RunAsync();

        var scaler = run.Single(NetworkPolicy, "scaler-egress").Inputs.At("spec");
        Assert.Equal(Names.Scaler, scaler.At("podSelector", "matchLabels", Labels.App));
        Assert.Equal(["Egress"], scaler.At("policyTypes").Strings());
        var rules = scaler.At("egress").Items().ToList();
        Assert.Equal(4, rules.Count);
        Assert.Equal("kube-system", rules[0].At("to", 0, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
        Assert.Equal(53.0, rules[0].At("ports", 0, "port"));
        Assert.Equal([443.0, 6443.0], rules[1].At("ports").Items().Select(port => port.At("port")));
        Assert.Equal(Names.Predictor, rules[2].At("to", 0, "podSelector", "matchLabels", Labels.App));
        Assert.Equal((double)PredictorCatalogue.Port.Default, rules[2].At("ports", 0, "port"));
        Assert.Equal(Names.Prometheus, rules[3].At("to", 0, "podSelector", "matchLabels", Labels.Name));

        Assert.Equal(3, run.Single(NetworkPolicy, "retrain-egress").Inputs.At("spec", "egress").Items().Count());
        Assert.Empty(run.Single(NetworkPolicy, "predictor-egress").Inputs.At("spec", "egress").Items());
    }
}
