namespace LabA.Domain.Wiring;

/// <summary>The label keys LabA puts on the objects it creates (the Kubernetes recommended labels, and the lab's selector).</summary>
public static class Labels
{
    /// <summary>The original lab's selector label, kept so its kubectl commands still work.</summary>
    public const string App = "app";
    public const string Name = "app.kubernetes.io/name";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string Component = "app.kubernetes.io/component";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
}
