namespace LabA.Scaler.Cluster;

/// <summary>
/// The count one decision moves: a workload's replicas through its scale subresource (<see cref="WorkloadScale"/>), or
/// the minReplicas of the HPA that scales it (<see cref="HpaFloor"/>). Either way Events go on the workload.
/// </summary>
internal interface IScaleTarget
{
    /// <summary>The workload's name: the prefix of its state keys when it lives in the state's namespace, and how lines name it.</summary>
    string Name { get; }

    string Namespace { get; }

    Task<ScaleState> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Sets the count if it is still at <paramref name="resourceVersion"/>; false on 409 Conflict (read again, decide again).</summary>
    Task<bool> TryScaleAsync(int replicas, string resourceVersion, CancellationToken cancellationToken);

    /// <summary>A core/v1 Event on the workload, as kubectl describe shows it.</summary>
    Task RecordEventAsync(string type, string reason, string message, string? uid, DateTimeOffset now, CancellationToken cancellationToken);
}
