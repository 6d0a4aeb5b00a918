using System.Globalization;
using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Wiring;
using LabA.Scaler.Forecasts;

namespace LabA.Scaler.Decisions;

/// <summary>
/// What one run decided and did, in the three forms it is recorded: entries in the Scaler's state ConfigMap
/// (written before the replica count is touched), a JSON log line and a Kubernetes Event on the Deployment.
/// </summary>
internal sealed record DecisionRecord(
    string Deployment,
    string Namespace,
    DateTimeOffset Time,
    ReplicaRecommendation Recommendation,
    ScalingDecision Decision,
    bool DryRun,
    int Conflicts,
    string? HistoryWarning)
{
    public const string ScaledReason = "Scaled";
    public const string SkippedReason = "ScaleSkipped";
    /// <summary>The Event of a run that failed after it had read the Deployment: the log line's message, as a Warning.</summary>
    public const string FailedReason = "ScaleFailed";

    public bool Scaled => !DryRun && Decision.Action != ScalingAction.None;

    /// <summary>The prefix of the workload's keys in the state ConfigMap: its name, or namespace and name outside the state's namespace.</summary>
    public string StateId { get; init; } = Deployment;

    public string EventReason => Scaled ? ScaledReason : SkippedReason;

    /// <summary>A closed-loop run that decided without its observation is a Warning, so that `kubectl get events` shows it.</summary>
    public string EventType => Recommendation.Degradation is null ? "Normal" : "Warning";

    /// <summary>One sentence for people, in the event and the log: what the run did and why.</summary>
    public string Summary => Sentence(done: true);

    /// <summary>The same sentence as the state keeps it: written before the replica count is touched, it says what was decided.</summary>
    public string DecisionText => Sentence(done: false);

    private string Sentence(bool done)
    {
        var (current, desired) = (Decision.Current, Decision.Desired);
        var what = Decision.Action == ScalingAction.None
            ? $"{(done ? "kept" : "keep")} {Deployment} at {current} replicas"
            : DryRun
                ? $"dry run: would scale {Deployment} from {current} to {desired} replicas"
                : $"{(done ? "scaled" : "scale")} {Deployment} from {current} to {desired} replicas";
        var why = Recommendation.Forecast is null
            ? $"{Sources}recommended {Decision.Recommended}; {Decision.Reason}"
            : $"predicted CPU {Cpu}%, {Sources}recommended {Decision.Recommended}; {Decision.Reason}";
        if (Recommendation.Calibration is { } calibration) why += $"; {CalibratedMargin.Describe(calibration)}";
        if (Recommendation.Degradation is { } degradation)
            why += Recommendation.Forecast is null
                ? $"; degraded, decided on the observed load alone (reactive floor): {degradation}"
                : $"; decided on the forecast alone: {degradation}";
        return HistoryWarning is null ? $"{what} ({why})" : $"{what} ({why}; {HistoryWarning})";
    }

    /// <summary>Both sides of the reactive floor and which one won, e.g. "forecast 4, observed load 72% needs 6: observed wins, ".</summary>
    private string Sources => Recommendation.Floor is { } floor
        ? Recommendation.Forecast is null
            ? $"no forecast, observed load {Number(floor.ObservedLoad)}% needs {floor.Floor}, "
            : $"forecast {floor.Forecast}, observed load {Number(floor.ObservedLoad)}% needs {floor.Floor}: {Winner(floor)} wins, "
        : "";

    private static string Winner(FlooredRecommendation floor) => floor.Winner == FloorWinner.Observed ? "observed" : "forecast";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The forecast's CPU; empty when the run decided on the observed load alone.</summary>
    private string Cpu => Recommendation.Forecast is { } forecast ? Number(forecast.PredictedCpu) : "";

    /// <summary>The key a target's recommendation history lives under: a dry run's is its own and never steers a real run.</summary>
    public static string HistoryKeyFor(string deployment, bool dryRun) =>
        ScalerStateKeys.PrefixFor(deployment, dryRun) + ScalerStateKeys.Recommendations;

    /// <summary>What the run writes into the state ConfigMap, all in one update.</summary>
    public IReadOnlyDictionary<string, string> StateEntries
    {
        get
        {
            var prefix = ScalerStateKeys.PrefixFor(StateId, DryRun);
            var entries = new Dictionary<string, string>
            {
                [HistoryKeyFor(StateId, DryRun)] = StabilizationHistory.Serialize(Decision.History),
                [prefix + ScalerStateKeys.LastPredictedCpu] = Cpu,
                [prefix + ScalerStateKeys.LastRecommendation] = Decision.Recommended.ToString(CultureInfo.InvariantCulture),
                [prefix + ScalerStateKeys.LastDecision] = DecisionText,
                [prefix + ScalerStateKeys.LastDecisionTime] = Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                [prefix + ScalerStateKeys.LastObservedLoad] = Recommendation.Floor is { } floor ? Number(floor.ObservedLoad) : "",
                [prefix + ScalerStateKeys.LastFloorWinner] = Recommendation.Floor is { } floored ? Winner(floored) : "",
            };
            // Only a run that calibrated writes the key: a degraded or open-loop run leaves what earlier runs learned.
            if (Recommendation.Calibration is { } calibration) entries[CalibratedMargin.KeyFor(StateId, DryRun)] = calibration.Serialize();
            return entries;
        }
    }

    public void WriteLog(TextWriter output) => RunLog.Write(output, Time, "info", writer =>
    {
        writer.WriteString("event", "decision");
        writer.WriteString("namespace", Namespace);
        writer.WriteString("deployment", Deployment);
        if (Recommendation.Forecast is { } forecast)
        {
            writer.WriteNumber("predicted_cpu", forecast.PredictedCpu);
            writer.WriteString("forecast_timestamp", PredictTimestamp.Write(forecast.Timestamp));
        }
        writer.WriteString("loop", Recommendation.Floor is null && Recommendation.Degradation is null ? "open" : "closed");
        if (Recommendation.Floor is { } floor)
        {
            if (Recommendation.Forecast is not null) writer.WriteNumber("forecast_replicas", floor.Forecast);
            writer.WriteNumber("observed_load", floor.ObservedLoad);
            writer.WriteNumber("floor_replicas", floor.Floor);
            writer.WriteString("floor_winner", Winner(floor));
        }
        if (Recommendation.Calibration is { } calibration)
        {
            writer.WriteNumber("margin_cpu", calibration.Margin);
            writer.WriteNumber("margin_training_cpu", calibration.TrainingMargin);
            writer.WriteNumber("provision_quantile", calibration.Coverage);
            if (calibration.ObservedCoverage is { } covered) writer.WriteNumber("observed_coverage", covered);
            writer.WriteNumber("calibration_windows", calibration.Resolved);
            writer.WriteNumber("provisioned_cpu", calibration.Pending[^1].ProvisionedCpu);
        }
        if (Recommendation.Degradation is { } degradation) writer.WriteString("degraded", degradation);
        writer.WriteNumber("recommended_replicas", Decision.Recommended);
        writer.WriteNumber("current_replicas", Decision.Current);
        writer.WriteNumber("desired_replicas", Decision.Desired);
        writer.WriteString("action", Decision.Action switch
        {
            ScalingAction.ScaleUp => "scale-up",
            ScalingAction.ScaleDown => "scale-down",
            _ => "none",
        });
        writer.WriteBoolean("dry_run", DryRun);
        writer.WriteBoolean("scaled", Scaled);
        writer.WriteString("reason", Decision.Reason);
        writer.WriteNumber("conflicts_retried", Conflicts);
        if (HistoryWarning is not null) writer.WriteString("warning", HistoryWarning);
        writer.WriteString("message", Summary);
    });
}
