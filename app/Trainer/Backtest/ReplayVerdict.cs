namespace LabA.Trainer.Backtest;

/// <summary>The verdict on one <see cref="ReplayResult"/>, the comparison users ask for first: does the forecast beat the reactive HPA, and at what cost against the oracle.</summary>
public sealed record ReplayVerdict(
    double UnderProvisionedReductionVsReactive,
    double ReplicaMinutesAboveOracle,
    bool FewerShortfallsGoalMet,
    bool CostGoalMet)
{
    /// <summary>
    /// When predicting pays: at least 80% fewer under-provisioned minutes than the HPA, at most 10% more cost than the
    /// oracle (beyond that, a static size or a wider HPA target buys the same safety more simply).
    /// </summary>
    public const double ReductionGoal = 0.8;
    public const double CostGoal = 0.1;

    public static ReplayVerdict Of(ReplayResult result)
    {
        var predictive = result.Policy(PolicyReplay.Predictive).Metrics;
        var reactive = result.Policy(PolicyReplay.Reactive).Metrics;
        var oracle = result.Policy(PolicyReplay.Oracle).Metrics;
        var reduction = reactive.UnderProvisionedMinutes == 0
            ? (predictive.UnderProvisionedMinutes == 0 ? 0 : double.NegativeInfinity)
            : 1 - predictive.UnderProvisionedMinutes / reactive.UnderProvisionedMinutes;
        var aboveOracle = predictive.ReplicaMinutes / oracle.ReplicaMinutes - 1;
        return new ReplayVerdict(reduction, aboveOracle, reduction >= ReductionGoal, aboveOracle <= CostGoal);
    }
}
