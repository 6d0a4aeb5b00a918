using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Trainer.Backtest;

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
        ScalerCatalogue.ScaleDownStabilization.Default);
}
