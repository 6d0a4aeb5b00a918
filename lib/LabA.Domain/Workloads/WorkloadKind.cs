namespace LabA.Domain.Workloads;

/// <summary>The kinds of object a workload is, each scaled through its scale subresource.</summary>
public enum WorkloadKind
{
    Deployment,
    StatefulSet,
}
