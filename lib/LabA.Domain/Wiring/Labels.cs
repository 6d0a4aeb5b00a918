namespace LabA.Domain.Wiring;

/// <summary>The label keys LabA puts on the objects it creates (the Kubernetes recommended labels, and the lab's selector).</summary>
public static class Labels
{
    /// <summary>The plain selector label (app=...), which kubectl commands select the workloads by.</summary>
    public const string App = "app";
    public const string Name = "app.kubernetes.io/name";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string Component = "app.kubernetes.io/component";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
}
