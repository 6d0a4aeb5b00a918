using LabA.Domain.Scaling;
using LabA.Domain.Wiring;

namespace LabA.Trainer.Backtest;

/// <summary>
/// How the simulated cluster behaves, as the real one does: LabA decides on the CronJob's schedule, a new pod serves
/// only after its start-up delay, and a removed pod stops serving at once.
/// </summary>
public sealed record CapacityModel(CronSchedule Schedule, TimeSpan StartupDelay)
{
    public static CapacityModel Default { get; } = new(
        CronSchedule.Parse(Defaults.Schedule, EnvVars.Schedule),
        Defaults.BacktestPodStartupDelay);
}

/// <summary>
/// The Kubernetes HPA's knobs, at the HPA's own defaults: it re-evaluates every 15 s, sees CPU through a metrics pipeline
/// that lags, ignores changes within 10% of the target, and holds scale-downs for 5 minutes.
/// </summary>
public sealed record HpaSettings(TimeSpan SyncPeriod, TimeSpan MetricsLag, double Tolerance, TimeSpan ScaleDownStabilization)
{
    public static HpaSettings Default { get; } = new(
        Defaults.HpaSyncPeriod,
        Defaults.HpaMetricsLag,
        Defaults.HpaTolerance,
        Defaults.ScaleDownStabilization);
}
