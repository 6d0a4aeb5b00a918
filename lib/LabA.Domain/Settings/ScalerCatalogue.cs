using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Wiring;

namespace LabA.Domain.Settings;

/// <summary>
/// Every setting of the Scaler, each declared once: <see cref="ScalerSettings"/> reads and writes them through these,
/// the stack sets those with a stack key, and docs/settings.md's Scaler table is generated from <see cref="All"/>.
/// </summary>
public static class ScalerCatalogue
{
    /// <summary>
    /// The largest CURL_TIMEOUT: the predictor may take this much of <see cref="Defaults.ScalerRunBudget"/>, and the rest holds
    /// the six Kubernetes calls of one decision (read state, read Deployment, write state, scale, check, Event) even
    /// when each takes its whole <see cref="Defaults.KubernetesCallTimeout"/>.
    /// </summary>
    public static readonly TimeSpan MaxPredictorTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The longest OBSERVATION_WINDOW: a week, the longest history any feature reads.</summary>
    public static readonly TimeSpan MaxObservationWindow = TimeSpan.FromDays(7);

    public static readonly Setting<string> TargetNamespace = Setting.Text("TARGET_NAMESPACE", Defaults.Namespace,
        "the namespace of the target and of the Scaler's state; in a stack, where everything LabA deploys lives "
        + "(a non-default one is created and deleted with the stack)",
        (key, value) => KubernetesNames.DnsLabel(key, value), stackKey: "namespace");

    public static readonly Setting<Uri> PredictorUrl = Setting.Url("PREDICTOR_URL", PredictorAddress.InCluster(TargetNamespace.Default),
        "the predictor's endpoint; the stack points it at its own predictor's Service");

    public static readonly Setting<string> TargetDeployment = Setting.Text("TARGET_DEPLOYMENT", Names.SampleApp,
        "the Deployment to scale", KubernetesNames.DnsSubdomain);

    /// <summary>Below one second the retries of a transient predictor error have no room at all.</summary>
    public static readonly Setting<TimeSpan> PredictorTimeout = Setting.Duration("CURL_TIMEOUT", TimeSpan.FromSeconds(10),
        "what each attempt at the predictor gets (seconds, or `10s`); a transient failure is retried only while the run's budget, "
        + "less what its Kubernetes calls need, holds another attempt",
        min: TimeSpan.FromSeconds(1), max: MaxPredictorTimeout);

    /// <summary>As the Kubernetes HPA's default scale-down stabilization window.</summary>
    public static readonly Setting<TimeSpan> ScaleDownStabilization = Setting.Duration("SCALE_DOWN_STABILIZATION", TimeSpan.FromMinutes(5),
        "how long scale-downs wait for high recommendations to age out, as the HPA's scale-down window (`0s` turns it off)",
        stackKey: "scaleDownStabilization");

    /// <summary>GB-size images and long warm-ups take minutes, not hours: two hours bound it.</summary>
    public static readonly Setting<TimeSpan> PodStartup = Setting.Duration("POD_STARTUP", Defaults.Horizon,
        "how long a pod started now takes to be ready (image pull, warm-up): each run asks for the load from then on, so the capacity "
        + "is there before the load. Train the model with a `--horizon` at least this long",
        min: TimeSpan.Zero, max: TimeSpan.FromHours(2), stackKey: "podStartup");

    public static readonly Setting<int> MaxScaleUpStep = Setting.Int("MAX_SCALE_UP_STEP", 5, "at most this many replicas added per run", min: 1);

    public static readonly Setting<int> MaxScaleDownStep = Setting.Int("MAX_SCALE_DOWN_STEP", 2, "at most this many replicas removed per run", min: 1);

    public static readonly Setting<bool> DryRun = Setting.Bool("DRY_RUN", false,
        "forecast-only: decide and record everything (\"dry run: would scale ... from 2 to 5\"), change nothing");

    public static readonly Setting<CronSchedule> Schedule = Setting.Of("SCHEDULE", CronSchedule.Parse("*/2 * * * *", "SCHEDULE"),
        "how often the Scaler decides (five-field cron, the CronJob's schedule); each run forecasts over the longest gap to the next. "
        + "A schedule that never fires (`0 0 30 2 *`) is refused",
        (key, text) => CronSchedule.Parse(text, key), schedule => schedule.Text, stackKey: "schedule");

    public static readonly Setting<Uri?> PrometheusUrl = Setting.OptionalUrl("PROMETHEUS_URL",
        "the Prometheus the Scaler reads the load from (http(s); credentials in the URL become Basic auth); unset: the open loop, "
        + "forecasts by clock time only. The retrain job reads it too");

    public static readonly Setting<string?> LoadQuery = Setting.OptionalText("LOAD_QUERY",
        "PromQL that returns exactly one series: the workload's demand in the unit the model was trained on, independent of the replica "
        + "count; unset: the load source's gauge for the target, `laba_synthetic_load{target=\"<TARGET_DEPLOYMENT>\"}`. The retrain job reads it too");

    public static readonly Setting<TimeSpan?> ObservationWindow = Setting.OptionalDuration("OBSERVATION_WINDOW",
        "how far back each run reads the load; unset: what one forecast reads (`historyPoints` × `step` of the served model's card) for a "
        + "`recent` model, 15 steps for a `calendar` model",
        min: TimeSpan.FromMinutes(1), max: MaxObservationWindow, days: true, stackKey: "observationWindow");

    public static readonly Setting<string?> WorkloadsFile = Setting.OptionalText("WORKLOADS_FILE",
        "workloads mode (the Scaler and the retrain job): the JSON list of workloads (`lab-a:workloads`, see [deploy](deploy.md)); "
        + "every one is decided in one run, and TARGET_DEPLOYMENT, LOAD_QUERY and the replica mapping are read from the list");

    public static IReadOnlyList<Setting> All { get; } =
    [
        PredictorUrl, TargetDeployment, TargetNamespace, PredictorTimeout,
        RecommendationCatalogue.MinReplicas, RecommendationCatalogue.MaxReplicas, RecommendationCatalogue.CpuLow, RecommendationCatalogue.CpuHigh,
        ScaleDownStabilization, MaxScaleUpStep, MaxScaleDownStep, DryRun, Schedule, PrometheusUrl, LoadQuery, ObservationWindow,
        RecommendationCatalogue.ProvisionQuantile, WorkloadsFile, PodStartup,
    ];
}
