using LabA.Domain.Scaling;

namespace LabA.Trainer.Backtest;

/// <summary>The rules every policy plays by, and the lead time the predictive policy and the oracle look ahead.</summary>
public sealed record BacktestOptions(ScalingRules Rules, CapacityModel Capacity, HpaSettings Hpa, TimeSpan Lead)
{
    /// <summary>How old the newest load the closed-loop Scaler observes is: one scrape interval.</summary>
    public TimeSpan ObservationLag { get; init; } = ScrapedSeries.DefaultLag;
}
