using LabA.Domain.Scaling;
using LabA.Domain.Wiring;

namespace LabA.Trainer.Backtest;

/// <summary>The rules every policy plays by.</summary>
public sealed record BacktestOptions(ScalingRules Rules, CapacityModel Capacity, HpaSettings Hpa)
{
    /// <summary>
    /// How far ahead the predictive policy and the oracle look: the pods' start-up delay, as the Scaler asks for the load
    /// from the time a pod started now is ready (POD_STARTUP); a model's horizon should be at least this long.
    /// </summary>
    public TimeSpan Lead => Capacity.StartupDelay;

    /// <summary>How old the newest load the closed-loop Scaler observes is: one scrape interval.</summary>
    public TimeSpan ObservationLag { get; init; } = Defaults.ScrapeInterval;
}
