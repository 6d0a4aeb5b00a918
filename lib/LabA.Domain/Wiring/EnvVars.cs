namespace LabA.Domain.Wiring;

/// <summary>
/// The environment variables that are no deployable's setting of its own: the Prometheus credentials the stack mounts
/// as files, the one Kubernetes sets, and the synthetic generator's knobs. The Scaler's and the Predictor's settings
/// are declared in <see cref="Settings.ScalerCatalogue"/>, <see cref="Settings.PredictorCatalogue"/> and
/// <see cref="Settings.RecommendationCatalogue"/>.
/// </summary>
public static class EnvVars
{
    /// <summary>With <see cref="PrometheusPasswordFile"/>: Prometheus is asked with HTTP basic auth as this user.</summary>
    public const string PrometheusUsername = "PROMETHEUS_USERNAME";
    /// <summary>A file holding the basic-auth password (a mounted Secret): read by the Prometheus client, never put in env itself.</summary>
    public const string PrometheusPasswordFile = "PROMETHEUS_PASSWORD_FILE";
    /// <summary>A file holding a bearer token for Prometheus (a mounted Secret).</summary>
    public const string PrometheusBearerTokenFile = "PROMETHEUS_BEARER_TOKEN_FILE";
    /// <summary>Set by Kubernetes inside a pod; lets the Scaler pick in-cluster config over a kubeconfig.</summary>
    public const string KubernetesServiceHost = "KUBERNETES_SERVICE_HOST";

    // Synthetic load generator (Trainer).
    public const string BaseLow = "BASE_LOW";
    public const string BaseHigh = "BASE_HIGH";
    public const string NoiseStd = "NOISE_STD";
    public const string SpikeProbability = "SPIKE_PROBABILITY";
}
