namespace LabA.Domain.Wiring;

/// <summary>
/// Every environment variable LabA reads, in one place: the apps read them through these names and the
/// infra program sets them through the same names, so the two cannot drift apart.
/// </summary>
public static class EnvVars
{
    // Replica mapping: the Predictor recommends with it, the Scaler clamps with it.
    public const string MinReplicas = "MIN_REPLICAS";
    public const string MaxReplicas = "MAX_REPLICAS";
    public const string CpuLow = "CPU_LOW";
    public const string CpuHigh = "CPU_HIGH";

    // Predictor.
    public const string ModelDir = "MODEL_DIR";
    public const string Port = "PORT";
    /// <summary>Which quantile of the forecast error to provision for (0.5..0.99, or off/0 for the plain forecast); the backtest reads it too.</summary>
    public const string ProvisionQuantile = "PROVISION_QUANTILE";
    /// <summary>The model served while MODEL_DIR holds none: the one baked into the image, for a fresh cluster's empty model store.</summary>
    public const string BootstrapModelDir = "BOOTSTRAP_MODEL_DIR";
    /// <summary>How often the Predictor looks for a new model in MODEL_DIR.</summary>
    public const string ModelCheckInterval = "MODEL_CHECK_INTERVAL";
    /// <summary>
    /// Workloads mode: a directory holding one model directory per model name (<c>MODELS_DIR/&lt;model&gt;/model.zip</c>),
    /// each served at <c>/workloads/&lt;model&gt;/</c>. Unset: the one model of MODEL_DIR.
    /// </summary>
    public const string ModelsDir = "MODELS_DIR";
    /// <summary>When set, the only model version the Predictor serves; any other is refused.</summary>
    public const string ModelVersion = "MODEL_VERSION";

    // Scaler.
    public const string PredictorUrl = "PREDICTOR_URL";
    public const string TargetDeployment = "TARGET_DEPLOYMENT";
    public const string TargetNamespace = "TARGET_NAMESPACE";
    /// <summary>The whole budget for asking the predictor, retries included, in seconds or as a duration.</summary>
    public const string PredictorTimeout = "CURL_TIMEOUT";
    public const string ScaleDownStabilization = "SCALE_DOWN_STABILIZATION";
    /// <summary>How long the target's new pods take to be ready (image pull, warm-up): the lead the Scaler forecasts for.</summary>
    public const string PodStartup = "POD_STARTUP";
    public const string MaxScaleUpStep = "MAX_SCALE_UP_STEP";
    public const string MaxScaleDownStep = "MAX_SCALE_DOWN_STEP";
    public const string DryRun = "DRY_RUN";
    /// <summary>The CronJob's schedule: the Scaler derives the forecast window (time until the next decision) from it.</summary>
    public const string Schedule = "SCHEDULE";
    /// <summary>The Prometheus the Scaler observes the load in (closed loop); empty: the open loop, forecasts alone.</summary>
    public const string PrometheusUrl = "PROMETHEUS_URL";
    /// <summary>With <see cref="PrometheusPasswordFile"/>: Prometheus is asked with HTTP basic auth as this user.</summary>
    public const string PrometheusUsername = "PROMETHEUS_USERNAME";
    /// <summary>A file holding the basic-auth password (a mounted Secret): read by the Prometheus client, never put in env itself.</summary>
    public const string PrometheusPasswordFile = "PROMETHEUS_PASSWORD_FILE";
    /// <summary>A file holding a bearer token for Prometheus (a mounted Secret).</summary>
    public const string PrometheusBearerTokenFile = "PROMETHEUS_BEARER_TOKEN_FILE";
    /// <summary>PromQL returning exactly one series, the load in the unit the model was trained on; default: the load source's gauge for the target.</summary>
    public const string LoadQuery = "LOAD_QUERY";
    /// <summary>How far back the Scaler reads the load each run; default: what the served model's card says one forecast reads.</summary>
    public const string ObservationWindow = "OBSERVATION_WINDOW";
    /// <summary>
    /// Workloads mode (the Scaler and the retrain job): a JSON file listing the workloads (<see cref="Workloads.WorkloadList"/>);
    /// unset: the one target of TARGET_DEPLOYMENT.
    /// </summary>
    public const string WorkloadsFile = "WORKLOADS_FILE";
    /// <summary>Set by Kubernetes inside a pod; lets the Scaler pick in-cluster config over a kubeconfig.</summary>
    public const string KubernetesServiceHost = "KUBERNETES_SERVICE_HOST";

    // Synthetic load generator (Trainer).
    public const string BaseLow = "BASE_LOW";
    public const string BaseHigh = "BASE_HIGH";
    public const string NoiseStd = "NOISE_STD";
    public const string SpikeProbability = "SPIKE_PROBABILITY";
}
