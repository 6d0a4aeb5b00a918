using LabA.Deployment.Monitoring;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Helm.V4;

namespace LabA.Infra;

/// <summary>
/// The Prometheus server the Scaler observes the load in: the community chart, rendered by Pulumi's Helm v4 Chart
/// into ordinary resources of this stack, at the pinned version and with the values <see cref="PrometheusChart"/>
/// computes.
/// </summary>
public sealed class PrometheusServer : ComponentResource
{
    public PrometheusServer(string name, PrometheusChartPlan plan, ComponentResourceOptions options)
        : base("lab-a:index:PrometheusServer", name, options)
    {
        var values = new InputMap<object>();
        foreach (var (key, value) in plan.Values) values.Add(key, value);
        new Pulumi.Kubernetes.Helm.V4.Chart(name, new ChartArgs
        {
            Chart = plan.Chart,
            Version = plan.Version,
            RepositoryOpts = new RepositoryOptsArgs { Repo = plan.Repository },
            Name = plan.ReleaseName,
            Namespace = plan.Namespace,
            Values = values,
        }, new ComponentResourceOptions { Parent = this });
        RegisterOutputs();
    }
}
