namespace LabA.Scaler.Cluster;

/// <summary>
/// The count a run scales as it sees it: the replica count (or, for an HPA's floor, its minReplicas), the version that
/// count was read at (the patch's precondition), and the uid of the workload Events are recorded on.
/// </summary>
internal sealed record ScaleState(int Replicas, string ResourceVersion, string? Uid);
