using Pulumi;

namespace LabA.Infra;

/// <summary>What the workloads need of the cluster they run on, whichever kind it is.</summary>
public interface IClusterConnection
{
    /// <summary>The explicit provider every Kubernetes resource uses, so nothing lands on whatever context is current by chance.</summary>
    Pulumi.Kubernetes.Provider Provider { get; }

    Output<string> ClusterName { get; }

    /// <summary>A secret.</summary>
    Output<string> Kubeconfig { get; }
}
