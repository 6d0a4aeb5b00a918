namespace LabA.Domain.Wiring;

/// <summary>
/// The defaults behind <see cref="EnvVars"/> and the stack config: apps fall back to them, the infra program
/// writes them into Pulumi.dev.yaml's documented defaults, tests compare against them.
/// </summary>
public static class Defaults
{
    public const int MinReplicas = 1;
    public const int MaxReplicas = 10;
    public const double CpuLow = 20;
    public const double CpuHigh = 80;

    /// <summary>The port Kestrel listens on inside the predictor container (the original lab's).</summary>
    public const int PredictorPort = 8080;
    /// <summary>The port of the predictor's ClusterIP Service.</summary>
    public const int PredictorServicePort = 80;
    public const string ModelDir = "model";

    public const string Namespace = "default";
    public const string TargetDeployment = Names.SampleApp;
    public const string PredictorUrl = "http://" + Names.Predictor + "." + Namespace + ".svc.cluster.local/predict";
    public static readonly TimeSpan PredictorTimeout = TimeSpan.FromSeconds(10);
    /// <summary>As the Kubernetes HPA's default scale-down stabilization window.</summary>
    public static readonly TimeSpan ScaleDownStabilization = TimeSpan.FromMinutes(5);
    public const int MaxScaleUpStep = 5;
    public const int MaxScaleDownStep = 2;
    public const string Schedule = "*/2 * * * *";

    /// <summary>How long a new pod takes to be ready: the forecast horizon the Trainer defaults to.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(5);

    public const string ClusterName = "lab-a";
    public const string SampleAppImage = "nginx:alpine";
}
