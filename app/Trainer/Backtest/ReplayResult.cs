namespace LabA.Trainer.Backtest;

/// <summary>The result of one <see cref="PolicyReplay"/>: the load, its forecast and demand at each minute, and every policy's run over the same minutes.</summary>
public sealed record ReplayResult(
    DateTimeOffset From,
    DateTimeOffset To,
    BacktestOptions Options,
    IReadOnlyList<DateTimeOffset> Minutes,
    IReadOnlyList<double> Load,
    IReadOnlyList<int> Demand,
    /// <summary>The forecaster's load for each minute, made one lead time before it, as the predictive policy saw it (with LabA's model: forecast + provisioning margin).</summary>
    IReadOnlyList<double> Forecast,
    IReadOnlyList<PolicyRun> Policies)
{
    public PolicyRun Policy(string name) => Policies.Single(p => p.Name == name);
}
