using LabA.Domain.Scaling;

namespace LabA.Domain.Workloads;

/// <summary>
/// One workload LabA scales: which object, where its demand is read, how demand maps to replicas, and which model
/// forecasts it. Built and validated by <see cref="WorkloadList.Parse"/>.
/// </summary>
/// <param name="Name">The Deployment's or StatefulSet's name.</param>
/// <param name="Namespace">Its namespace (the stack's when not given).</param>
/// <param name="Query">PromQL returning one series: the workload's demand, independent of its replica count.</param>
/// <param name="Mapping">Demand to replicas: per-replica capacity, or the CPU band when no <c>perReplica</c> is given.</param>
/// <param name="Model">The model that forecasts it (its name by default); several workloads may share one.</param>
/// <param name="Hpa">What to do when an HPA already targets it.</param>
/// <param name="HpaName">In <see cref="HpaMode.Floor"/>: the HPA whose minReplicas LabA may patch (by default the workload's name).</param>
public sealed record Workload(
    string Name,
    string Namespace,
    WorkloadKind Kind,
    string Query,
    ReplicaMapping Mapping,
    string Model,
    HpaMode Hpa,
    string? HpaName)
{
    /// <summary>How the run's lines and Events name it: "Deployment shop/checkout".</summary>
    public override string ToString() => $"{Kind} {Namespace}/{Name}";

    /// <summary>
    /// The prefix of its keys in the Scaler's state ConfigMap: its name when it lives in the state's namespace (the
    /// keys the single-target Scaler always wrote), else namespace and name.
    /// </summary>
    public string StateId(string stateNamespace) => Namespace == stateNamespace ? Name : $"{Namespace}.{Name}";
}
