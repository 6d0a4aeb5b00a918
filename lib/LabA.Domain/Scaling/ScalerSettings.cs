using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Domain.Scaling;

/// <summary>
/// Everything one Scaler run needs, read from the environment (<see cref="FromEnvironment"/>) and written back to
/// it (<see cref="ToEnvironment"/>): the Scaler reads with the first, the infra program wires the CronJob with the
/// second, so a setting cannot be spelt or defaulted two ways.
/// </summary>
public sealed record ScalerSettings(
    Uri PredictorUrl,
    string TargetDeployment,
    string TargetNamespace,
    TimeSpan PredictorTimeout,
    ScalingRules Rules,
    CronSchedule Schedule,
    bool DryRun,
    Uri? PrometheusUrl,
    string? LoadQuery,
    TimeSpan? ObservationWindow)
{
    public static ScalerSettings Default { get; } = FromEnvironment(EnvReader.Empty);

    /// <summary>
    /// PROVISION_QUANTILE, the Predictor's own setting read here too: the coverage the closed loop calibrates the margin to
    /// (<see cref="MarginCalibration"/>), starting from the margin the Predictor answers with. "off": the Predictor's
    /// answer as it is, uncalibrated. The stack sets both from one value, so they cannot disagree.
    /// </summary>
    public ProvisioningQuantile ProvisionQuantile { get; init; } = RecommendationCatalogue.ProvisionQuantile.Default;

    /// <summary>
    /// WORKLOADS_FILE, or null: workloads mode, every workload of the list (<see cref="Workloads.WorkloadList"/>) decided in
    /// one run, each with its own query, mapping and model; TARGET_NAMESPACE is then the namespace of the state ConfigMap
    /// and of the workloads that name none.
    /// </summary>
    public string? WorkloadsFile { get; init; }

    /// <summary>
    /// POD_STARTUP: how long a pod started now takes to be ready. Each run asks for the load from then on, so capacity
    /// is ready before the load arrives; a model should be trained with a horizon at least this long.
    /// </summary>
    public TimeSpan PodStartup { get; init; } = ScalerCatalogue.PodStartup.Default;

    /// <summary>Reads and validates every setting; a <see cref="SettingsException"/> names the first bad variable.</summary>
    public static ScalerSettings FromEnvironment(EnvReader env) => Read(SettingReader.Environment(env));

    /// <summary>
    /// Every setting of <see cref="ScalerCatalogue"/> as <paramref name="settings"/> names them (the environment, or the
    /// stack's keys); a <see cref="SettingsException"/> names the first bad one.
    /// </summary>
    public static ScalerSettings Read(SettingReader settings) => new(
        settings.Read(ScalerCatalogue.PredictorUrl),
        settings.Read(ScalerCatalogue.TargetDeployment),
        settings.Read(ScalerCatalogue.TargetNamespace),
        settings.Read(ScalerCatalogue.PredictorTimeout),
        new ScalingRules(
            ReplicaMapping.Read(settings),
            settings.Read(ScalerCatalogue.MaxScaleUpStep),
            settings.Read(ScalerCatalogue.MaxScaleDownStep),
            settings.Read(ScalerCatalogue.ScaleDownStabilization)),
        settings.Read(ScalerCatalogue.Schedule),
        settings.Read(ScalerCatalogue.DryRun),
        settings.Read(ScalerCatalogue.PrometheusUrl),
        settings.Read(ScalerCatalogue.LoadQuery),
        settings.Read(ScalerCatalogue.ObservationWindow))
    {
        ProvisionQuantile = settings.Read(RecommendationCatalogue.ProvisionQuantile),
        WorkloadsFile = settings.Read(ScalerCatalogue.WorkloadsFile),
        PodStartup = settings.Read(ScalerCatalogue.PodStartup),
    };

    /// <summary>
    /// The same settings as environment variables (name, value), every one of <see cref="ScalerCatalogue.All"/> spelt
    /// out, in a form <see cref="FromEnvironment"/> reads back to an equal value.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToEnvironment() =>
    [
        ScalerCatalogue.PredictorUrl.Write(PredictorUrl),
        ScalerCatalogue.TargetDeployment.Write(TargetDeployment),
        ScalerCatalogue.TargetNamespace.Write(TargetNamespace),
        ScalerCatalogue.PredictorTimeout.Write(PredictorTimeout),
        RecommendationCatalogue.MinReplicas.Write(Rules.Mapping.MinReplicas),
        RecommendationCatalogue.MaxReplicas.Write(Rules.Mapping.MaxReplicas),
        RecommendationCatalogue.CpuLow.Write(Rules.Mapping.CpuLow),
        RecommendationCatalogue.CpuHigh.Write(Rules.Mapping.CpuHigh),
        ScalerCatalogue.ScaleDownStabilization.Write(Rules.ScaleDownStabilization),
        ScalerCatalogue.MaxScaleUpStep.Write(Rules.MaxScaleUpStep),
        ScalerCatalogue.MaxScaleDownStep.Write(Rules.MaxScaleDownStep),
        ScalerCatalogue.DryRun.Write(DryRun),
        ScalerCatalogue.Schedule.Write(Schedule),
        ScalerCatalogue.PrometheusUrl.Write(PrometheusUrl),
        ScalerCatalogue.LoadQuery.Write(LoadQuery),
        ScalerCatalogue.ObservationWindow.Write(ObservationWindow),
        RecommendationCatalogue.ProvisionQuantile.Write(ProvisionQuantile),
        ScalerCatalogue.WorkloadsFile.Write(WorkloadsFile),
        ScalerCatalogue.PodStartup.Write(PodStartup),
    ];

    /// <summary>Whether the run observes the load in Prometheus (closed loop) or decides on forecasts alone (open loop).</summary>
    public bool ClosedLoop => PrometheusUrl is not null;

    /// <summary>The PromQL the closed loop reads: LOAD_QUERY, or the load source's gauge for the target.</summary>
    public string EffectiveLoadQuery => LoadQuery ?? Names.LoadSourceQuery(TargetDeployment);

    /// <summary>The span one decision must cover: until the next run's pods are ready, i.e. the schedule's longest gap.</summary>
    public TimeSpan ForecastWindow => Schedule.LongestInterval();
}
