namespace LabA.Domain.Wiring;

/// <summary>Names and labels of the Kubernetes objects LabA creates or touches.</summary>
public static class Names
{
    public const string Project = "lab-a";
    public const string SampleApp = "sample-app";
    public const string Predictor = "predictor";
    public const string Scaler = "scaler";
    public const string ServiceAccount = "autoscaler-sa";

    /// <summary>The gauge the load source serves: the synthetic demand of one workload, which the Scaler observes.</summary>
    public const string LoadSourceMetric = "laba_synthetic_load";
    /// <summary>The gauge's label naming the workload the demand belongs to.</summary>
    public const string LoadSourceTargetLabel = "target";

    /// <summary>The component that writes Events and annotations, shown as their source.</summary>
    public const string FieldManager = "lab-a-scaler";
}

public static class Labels
{
    /// <summary>The original lab's selector label, kept so its kubectl commands still work.</summary>
    public const string App = "app";
    public const string Name = "app.kubernetes.io/name";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string Component = "app.kubernetes.io/component";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
}

/// <summary>Annotations the Scaler keeps on the target Deployment: its state between CronJob runs and its last decision.</summary>
public static class Annotations
{
    public const string Prefix = "lab-a.dev/";
    /// <summary>Recent recommendations (time and replicas) for scale-down stabilization; state with no volume.</summary>
    public const string Recommendations = Prefix + "recommendations";
    public const string LastPredictedCpu = Prefix + "last-predicted-cpu";
    public const string LastRecommendation = Prefix + "last-recommendation";
    public const string LastDecision = Prefix + "last-decision";
    public const string LastDecisionTime = Prefix + "last-decision-time";
}
