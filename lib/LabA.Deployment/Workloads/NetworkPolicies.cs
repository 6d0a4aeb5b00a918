using LabA.Deployment.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Workloads;

/// <summary>
/// Where the lab's pods may connect: each workload that talks to others gets exactly the destinations it needs, and the
/// predictor, which needs none (its model is a mounted ConfigMap), gets none.
/// </summary>
public static class NetworkPolicies
{
    /// <summary>The Prometheus server's own port in its pod (the chart's and the operator's); a Service's port is translated before a policy sees it.</summary>
    public const int PrometheusPodPort = 9090;

    /// <summary>The cluster DNS, as kubeadm, kind and the managed clusters label CoreDNS.</summary>
    public static EgressPeer Dns { get; } = new(
        "dns", new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }, "kube-system", null, [new NetworkPort(53, "UDP"), new NetworkPort(53, "TCP")]);

    /// <summary>
    /// The API server is no pod, so no selector finds it, and its address is the cluster's own (kind's node, a managed
    /// control plane): the rule allows its ports, 443 (managed clusters, the kubernetes Service) and 6443 (kubeadm, kind).
    /// </summary>
    public static EgressPeer ApiServer { get; } = new("api-server", null, null, "0.0.0.0/0", [new NetworkPort(443), new NetworkPort(6443)]);

    /// <summary>Prometheus' namespace: the lab's for the installed server, the one a cluster Service URL names; null outside the cluster or with none.</summary>
    public static string? PrometheusNamespace(StackSettings settings) => settings.Prometheus.Mode switch
    {
        PrometheusMode.Install => settings.Namespace,
        PrometheusMode.Existing => ServiceNamespace(settings.Prometheus.ExistingUrl!),
        _ => null,
    };

    /// <summary><c>name.namespace.svc</c> or <c>name.namespace.svc.cluster.local</c>: a Service's DNS name holds its namespace.</summary>
    private static string? ServiceNamespace(Uri url)
    {
        var labels = url.Host.Split('.');
        return labels.Length >= 3 && labels[2] == "svc" && (labels.Length == 3 || string.Join('.', labels[3..]) == "cluster.local") ? labels[1] : null;
    }

    /// <summary>The Prometheus the Scaler and the retrain job query: its pods when it runs in the cluster, else its address on its port alone.</summary>
    public static EgressPeer? Prometheus(StackSettings settings)
    {
        if (settings.PrometheusUrl is not { } url) return null;
        var labels = new Dictionary<string, string> { [Labels.Name] = Names.Prometheus };
        return settings.Prometheus.Mode switch
        {
            PrometheusMode.Install => new EgressPeer("prometheus", labels, null, null, [new NetworkPort(PrometheusPodPort)]),
            // Another team's server: its pod port is not the Service's in the URL, so any port of its pods.
            _ when PrometheusNamespace(settings) is { } ns => new EgressPeer("prometheus", labels, ns, null, []),
            _ => new EgressPeer("prometheus", null, null, "0.0.0.0/0", [new NetworkPort(url.Port)]),
        };
    }

    public static IReadOnlyList<EgressPolicy> Egress(StackSettings settings, ServiceDeploymentPlan predictor, RetrainPlan? retrain)
    {
        var prometheus = Prometheus(settings);
        var toPredictor = new EgressPeer("predictor", LabWorkloads.SelectorOf(Names.Predictor), null, null, [new NetworkPort(predictor.TargetPort)]);
        List<EgressPolicy> policies =
        [
            new($"{Names.Scaler}-egress", LabWorkloads.SelectorOf(Names.Scaler), [Dns, ApiServer, toPredictor, .. Optional(prometheus)]),
            new($"{Names.Predictor}-egress", LabWorkloads.SelectorOf(Names.Predictor), []),
        ];
        if (retrain is not null) policies.Add(new($"{Names.Retrain}-egress", LabWorkloads.SelectorOf(Names.Retrain), [Dns, ApiServer, .. Optional(prometheus)]));
        return policies;
    }

    private static IEnumerable<EgressPeer> Optional(EgressPeer? peer) => peer is null ? [] : [peer];
}
