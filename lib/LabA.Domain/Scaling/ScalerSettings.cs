using System.Globalization;
using System.Text.RegularExpressions;
using LabA.Domain.Predict;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Domain.Scaling;

/// <summary>
/// Everything one Scaler run needs, read from the environment (<see cref="FromEnvironment"/>) and written back to
/// it (<see cref="ToEnvironment"/>): the Scaler reads with the first, the infra program wires the CronJob with the
/// second, so a setting cannot be spelt or defaulted two ways.
/// </summary>
public sealed partial record ScalerSettings(
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
    /// <summary>Below this the retries of a transient predictor error have no room at all.</summary>
    public static readonly TimeSpan MinimumPredictorTimeout = TimeSpan.FromSeconds(1);

    public static ScalerSettings Default { get; } = FromEnvironment(EnvReader.From(new Dictionary<string, string>()));

    /// <summary>
    /// PROVISION_QUANTILE, the Predictor's own setting read here too: the coverage the closed loop calibrates the margin to
    /// (<see cref="MarginCalibration"/>), starting from the margin the Predictor answers with. "off": the Predictor's
    /// answer as it is, uncalibrated. The stack sets both from one value, so they cannot disagree.
    /// </summary>
    public ProvisioningQuantile ProvisionQuantile { get; init; } = ProvisioningQuantile.Of(Defaults.ProvisionQuantile);

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
    public TimeSpan PodStartup { get; init; } = Defaults.Horizon;

    /// <summary>Reads and validates every setting; a <see cref="SettingsException"/> names the first bad variable.</summary>
    public static ScalerSettings FromEnvironment(EnvReader env) => new(
        env.AbsoluteUri(EnvVars.PredictorUrl, PredictorAddress.InCluster(Defaults.Namespace).AbsoluteUri),
        ObjectName(EnvVars.TargetDeployment, env.String(EnvVars.TargetDeployment, Defaults.TargetDeployment), DnsSubdomain(), 253),
        ObjectName(EnvVars.TargetNamespace, env.String(EnvVars.TargetNamespace, Defaults.Namespace), DnsLabel(), 63),
        env.Duration(EnvVars.PredictorTimeout, Defaults.PredictorTimeout, min: MinimumPredictorTimeout, max: Defaults.MaxPredictorTimeout),
        new ScalingRules(
            ReplicaMapping.FromEnvironment(env),
            env.Int(EnvVars.MaxScaleUpStep, Defaults.MaxScaleUpStep, min: 1),
            env.Int(EnvVars.MaxScaleDownStep, Defaults.MaxScaleDownStep, min: 1),
            env.Duration(EnvVars.ScaleDownStabilization, Defaults.ScaleDownStabilization)),
        CronSchedule.Parse(env.String(EnvVars.Schedule, Defaults.Schedule), EnvVars.Schedule),
        env.Bool(EnvVars.DryRun, false),
        env.String(EnvVars.PrometheusUrl, "").Length == 0 ? null : env.AbsoluteUri(EnvVars.PrometheusUrl, ""),
        env.String(EnvVars.LoadQuery, "") is { Length: > 0 } query ? query : null,
        env.String(EnvVars.ObservationWindow, "").Length == 0
            ? null
            : env.Duration(EnvVars.ObservationWindow, TimeSpan.Zero, min: TimeSpan.FromSeconds(1), max: Defaults.MaxObservationWindow, days: true))
    {
        ProvisionQuantile = ProvisioningQuantile.FromEnvironment(env),
        WorkloadsFile = env.String(EnvVars.WorkloadsFile, "") is { Length: > 0 } file ? file : null,
        PodStartup = env.Duration(EnvVars.PodStartup, Defaults.Horizon, min: TimeSpan.Zero, max: Defaults.MaxPodStartup),
    };

    /// <summary>
    /// The same settings as environment variables (name, value), every one spelt out, in a form
    /// <see cref="FromEnvironment"/> reads back to an equal value.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToEnvironment()
    {
        var mapping = Rules.Mapping;
        return
        [
            new(EnvVars.PredictorUrl, PredictorUrl.AbsoluteUri),
            new(EnvVars.TargetDeployment, TargetDeployment),
            new(EnvVars.TargetNamespace, TargetNamespace),
            new(EnvVars.PredictorTimeout, Durations.Format(PredictorTimeout)),
            new(EnvVars.MinReplicas, mapping.MinReplicas.ToString(CultureInfo.InvariantCulture)),
            new(EnvVars.MaxReplicas, mapping.MaxReplicas.ToString(CultureInfo.InvariantCulture)),
            new(EnvVars.CpuLow, mapping.CpuLow.ToString("R", CultureInfo.InvariantCulture)),
            new(EnvVars.CpuHigh, mapping.CpuHigh.ToString("R", CultureInfo.InvariantCulture)),
            new(EnvVars.ScaleDownStabilization, Durations.Format(Rules.ScaleDownStabilization)),
            new(EnvVars.MaxScaleUpStep, Rules.MaxScaleUpStep.ToString(CultureInfo.InvariantCulture)),
            new(EnvVars.MaxScaleDownStep, Rules.MaxScaleDownStep.ToString(CultureInfo.InvariantCulture)),
            new(EnvVars.DryRun, DryRun ? "true" : "false"),
            new(EnvVars.Schedule, Schedule.Text),
            new(EnvVars.PrometheusUrl, PrometheusUrl?.AbsoluteUri ?? ""),
            new(EnvVars.LoadQuery, LoadQuery ?? ""),
            new(EnvVars.ObservationWindow, ObservationWindow is { } window ? Durations.FormatWithDays(window) : ""),
            new(EnvVars.ProvisionQuantile, ProvisionQuantile.ToString()),
            new(EnvVars.WorkloadsFile, WorkloadsFile ?? ""),
            new(EnvVars.PodStartup, Durations.Format(PodStartup)),
        ];
    }

    /// <summary>Whether the run observes the load in Prometheus (closed loop) or decides on forecasts alone (open loop).</summary>
    public bool ClosedLoop => PrometheusUrl is not null;

    /// <summary>The PromQL the closed loop reads: LOAD_QUERY, or the load source's gauge for the target.</summary>
    public string EffectiveLoadQuery => LoadQuery ?? Names.LoadSourceQuery(TargetDeployment);

    /// <summary>The span one decision must cover: until the next run's pods are ready, i.e. the schedule's longest gap.</summary>
    public TimeSpan ForecastWindow => Schedule.LongestInterval();

    // Kubernetes would refuse these names anyway, but only after the predictor was asked; say so up front instead.
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    private static string ObjectName(string key, string value, Regex pattern, int maxLength)
    {
        if (value.Length > maxLength || !pattern.IsMatch(value))
            throw new SettingsException(key, $"'{value}' is not a valid Kubernetes name (lower-case letters, digits and '-', at most {maxLength} characters)");
        return value;
    }
}
