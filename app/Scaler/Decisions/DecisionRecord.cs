using System.Globalization;
using LabA.Domain.Scaling;
using AnnotationKeys = LabA.Domain.Wiring.Annotations;
using LabA.Scaler.Forecasts;

namespace LabA.Scaler.Decisions;

/// <summary>
/// What one run decided and did, in the three forms it is recorded: a JSON log line, annotations on the
/// Deployment, and a Kubernetes Event.
/// </summary>
public sealed record DecisionRecord(
    string Deployment,
    string Namespace,
    DateTimeOffset Time,
    Forecast Forecast,
    ScalingDecision Decision,
    bool DryRun,
    int Conflicts,
    string? HistoryWarning)
{
    public const string ScaledReason = "Scaled";
    public const string SkippedReason = "ScaleSkipped";

    public bool Scaled => !DryRun && Decision.Action != ScalingAction.None;

    public string EventReason => Scaled ? ScaledReason : SkippedReason;

    /// <summary>One sentence for people, the same in the event, the annotation and the log.</summary>
    public string Summary
    {
        get
        {
            var (current, desired) = (Decision.Current, Decision.Desired);
            var what = Decision.Action == ScalingAction.None
                ? $"kept {Deployment} at {current} replicas"
                : DryRun
                    ? $"dry run: would scale {Deployment} from {current} to {desired} replicas"
                    : $"scaled {Deployment} from {current} to {desired} replicas";
            var why = $"predicted CPU {Cpu}%, recommended {Decision.Recommended}; {Decision.Reason}";
            return HistoryWarning is null ? $"{what} ({why})" : $"{what} ({why}; {HistoryWarning})";
        }
    }

    private string Cpu => Forecast.PredictedCpu.ToString("0.##", CultureInfo.InvariantCulture);

    public IReadOnlyDictionary<string, string> Annotations => new Dictionary<string, string>
    {
        [AnnotationKeys.Recommendations] = RecommendationHistory.Serialize(Decision.History),
        [AnnotationKeys.LastPredictedCpu] = Cpu,
        [AnnotationKeys.LastRecommendation] = Decision.Recommended.ToString(CultureInfo.InvariantCulture),
        [AnnotationKeys.LastDecision] = Summary,
        [AnnotationKeys.LastDecisionTime] = Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
    };

    public void WriteLog(TextWriter output) => RunLog.Write(output, Time, "info", writer =>
    {
        writer.WriteString("event", "decision");
        writer.WriteString("namespace", Namespace);
        writer.WriteString("deployment", Deployment);
        writer.WriteNumber("predicted_cpu", Forecast.PredictedCpu);
        if (Forecast.Timestamp is { } timestamp) writer.WriteString("forecast_timestamp", timestamp);
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
