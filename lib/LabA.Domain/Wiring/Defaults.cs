namespace LabA.Domain.Wiring;

/// <summary>
/// The lab's constants that are no setting's default (a setting's default is in its declaration, e.g.
/// <see cref="Settings.ScalerCatalogue"/>): paths, deadlines, the generator's and the backtest's fixed values.
/// </summary>
public static class Defaults
{
    /// <summary>The port of the predictor's ClusterIP Service.</summary>
    public const int PredictorServicePort = 80;
    /// <summary>Where the predictor image holds its baked model (its working directory is /app): the bootstrap in a cluster.</summary>
    public const string ImageModelDir = "/app/model";
    /// <summary>Where the predictor pod mounts the model store ConfigMap (a whole volume: a subPath mount never sees an update).</summary>
    public const string ModelStoreMountPath = "/app/store";
    /// <summary>Workloads mode: where the Predictor's MODELS_DIR is mounted, one <c>lab-a-model-&lt;model&gt;</c> ConfigMap per subdirectory.</summary>
    public const string ModelsMountPath = "/app/models";
    /// <summary>Workloads mode: where the workloads list is mounted into the Scaler's and the retrain job's pods (WORKLOADS_FILE).</summary>
    public const string WorkloadsMountPath = "/etc/lab-a";

    /// <summary>Kubernetes' own default namespace: TARGET_NAMESPACE's default, and so the stack's.</summary>
    public const string Namespace = "default";

    /// <summary>
    /// The Scaler Job's activeDeadlineSeconds: Kubernetes stops a run (SIGTERM) this long after the Job started. A
    /// five-field cron never fires twice within a minute, so a run capped at 60 s never delays the next.
    /// </summary>
    public static readonly TimeSpan ScalerJobDeadline = TimeSpan.FromSeconds(60);
    /// <summary>
    /// The Scaler's own deadline, counted from its process start: the Job's, less 15 s for scheduling the pod, starting
    /// the container and exiting. Within it the run stops itself and says whether it changed anything.
    /// </summary>
    public static readonly TimeSpan ScalerRunBudget = TimeSpan.FromSeconds(45);
    /// <summary>One Kubernetes API call; the client's own default (100 s) would outlive the Job.</summary>
    public static readonly TimeSpan KubernetesCallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// What each attempt of the Scaler's one range query gets; retries are made while <see cref="ScalerRunBudget"/> holds
    /// another. A query over the few points a forecast reads answers in milliseconds; this only bounds a Prometheus that hangs.
    /// </summary>
    public static readonly TimeSpan PrometheusQueryTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a new pod takes to be ready: the forecast horizon the Trainer defaults to, and POD_STARTUP's default.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(5);

    // Synthetic load generator (Trainer): a fixed start and seed, so the default series is reproducible (its knobs are
    // Settings.TrainerCatalogue's).
    public const int GeneratorDays = 14;
    public const int GeneratorSeed = 42;
    /// <summary>A Monday at midnight UTC, so the default two weeks hold two whole weekends.</summary>
    public static readonly DateTimeOffset GeneratorStart = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
    public const string GeneratorOut = "data/cpu_load.csv";

    /// <summary>The load source's /metrics port, node-exporter's by convention for a metrics-only process.</summary>
    public const int LoadSourcePort = 9100;

    // Retrain job.
    /// <summary>Daily, at a minute no other job of the lab uses and off the hour most cron jobs pick.</summary>
    public const string RetrainSchedule = "17 3 * * *";
    /// <summary>How much history one retrain reads: two weeks, as AWS predictive scaling does.</summary>
    public const string RetrainRange = "14d";
    /// <summary>The share of the history, at its end, on which a retrain scores challenger, champion and baselines.</summary>
    public const double RetrainHoldout = 0.2;
    /// <summary>
    /// The shortest history a retrain with <see cref="RetrainHoldout"/> trains on (HistoryRequirement.Minimum: a day of
    /// hold-out, and Holt-Winters' three-day window plus a day before it), so the stack can refuse a shorter range up front.
    /// </summary>
    public static readonly TimeSpan RetrainMinimumHistory = TimeSpan.FromDays(5);
    /// <summary>How much lower a challenger's hold-out MAE must be than the champion's to replace it.</summary>
    public const double PromotionMargin = 0.02;
    /// <summary>The API server refuses a ConfigMap whose data and binaryData exceed this many bytes in all.</summary>
    public const int ConfigMapSizeLimit = 1024 * 1024;

    /// <summary>
    /// How often the stack's Prometheus scrapes the load: a reading evaluated at an instant carries a load scraped up to
    /// this long before it. A quarter of the model's one-minute step, so the newest sample is never near two steps old
    /// (stale to the Scaler).
    /// </summary>
    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(15);

    public const string ClusterName = "lab-a";
    public const string SampleAppImage = "nginx:alpine";

    // Backtest: the simulated cluster and the Kubernetes HPA it is compared with, at the HPA's own defaults.
    /// <summary>How long a new pod of the sample app takes to serve, in the backtest's capacity model.</summary>
    public static readonly TimeSpan BacktestPodStartupDelay = TimeSpan.FromSeconds(60);
    /// <summary>The HPA controller's --horizontal-pod-autoscaler-sync-period.</summary>
    public static readonly TimeSpan HpaSyncPeriod = TimeSpan.FromSeconds(15);
    /// <summary>How old the CPU the HPA sees is: metrics-server's scrape interval plus its averaging window.</summary>
    public static readonly TimeSpan HpaMetricsLag = TimeSpan.FromSeconds(60);
    /// <summary>The HPA controller's --horizontal-pod-autoscaler-tolerance.</summary>
    public const double HpaTolerance = 0.1;
}
