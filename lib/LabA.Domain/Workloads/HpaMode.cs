namespace LabA.Domain.Workloads;

/// <summary>What LabA does with a workload that a HorizontalPodAutoscaler already targets.</summary>
public enum HpaMode
{
    /// <summary>Leave the workload to its HPA: two scalers on one count would fight. The run says so.</summary>
    Leave,

    /// <summary>
    /// Raise the HPA's minReplicas to the forecast's replicas ahead of the load and lower it back, so that the HPA keeps
    /// reacting above the floor (as AWS predictive scaling raises the floor under dynamic scaling).
    /// </summary>
    Floor,
}
