namespace LabA.Domain.Wiring;

/// <summary>
/// The keys of the Scaler's state in the <see cref="Names.ScalerState"/> ConfigMap, each prefixed with the target
/// Deployment's name (and ".dry-run" for DRY_RUN runs, whose history never steers real runs).
/// </summary>
public static class ScalerStateKeys
{
    public const string DryRunInfix = ".dry-run";
    /// <summary>Recent recommendations (time and replicas) for scale-down stabilization.</summary>
    public const string Recommendations = "recommendations";
    public const string LastPredictedCpu = "last-predicted-cpu";
    public const string LastRecommendation = "last-recommendation";
    public const string LastDecision = "last-decision";
    public const string LastDecisionTime = "last-decision-time";
    /// <summary>Closed loop: the latest observed load the floor was computed from; empty when the run had none.</summary>
    public const string LastObservedLoad = "last-observed-load";
    /// <summary>Closed loop: "forecast" or "observed", the side of the reactive floor that set the recommendation; empty without one.</summary>
    public const string LastFloorWinner = "last-floor-winner";
    /// <summary>Closed loop: the margin calibration (<see cref="Scaling.MarginCalibration.Serialize"/>): margin, counts, windows awaiting their load.</summary>
    public const string MarginCalibration = "margin-calibration";

    /// <summary>The prefix of one target's keys, e.g. "sample-app." or "sample-app.dry-run.".</summary>
    public static string PrefixFor(string deployment, bool dryRun) => deployment + (dryRun ? DryRunInfix : "") + ".";
}
