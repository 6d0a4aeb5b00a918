using LabA.Forecasting;
using LabA.Forecasting.Promotion;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Retraining;

/// <summary>
/// How a challenger is trained and judged: the retrain job's rules, shared by the job and by the backtest's retraining
/// replay so that the replay promotes exactly what the job would.
/// </summary>
public sealed record ChallengeSettings
{
    /// <summary>How much lower than the champion's the challenger's MAE must be (0.02: 2 %).</summary>
    public required double Margin { get; init; }
    /// <summary>Any <c>train --trainer</c> value; <see cref="Trainers.Auto"/> chooses among every candidate on validation.</summary>
    public required string Trainer { get; init; }
    /// <summary>Null: the champion's, else calendar.</summary>
    public string? FeatureSet { get; init; }
    /// <summary>Null: the champion's, else the default for the series' step.</summary>
    public TimeSpan? Horizon { get; init; }
    public required TimeSpan RollingWindow { get; init; }
    /// <summary>The share of the history, at its end, the challenger never trains on and where everything is scored.</summary>
    public required double HoldoutFraction { get; init; }

    /// <summary>The challenger's training: the champion's shape (so the two can be scored side by side) unless set here.</summary>
    public TrainingOptions TrainingFor(LoadSeries history, ForecastModel? champion) => new()
    {
        FeatureSet = FeatureSet ?? champion?.Card.FeatureSet ?? FeatureSpec.CalendarName,
        Horizon = Horizon ?? champion?.Horizon ?? Training.DefaultHorizon(history.Step),
        Trainer = Trainer,
        RollingWindow = RollingWindow,
        HoldoutFraction = HoldoutFraction,
    };

    /// <summary>Challenger, champion and baselines scored on the newest slice of <paramref name="history"/>, and the promotion rule's decision.</summary>
    public (HoldoutComparison Comparison, PromotionDecision Decision) Judge(LoadSeries history, ForecastModel challenger, ForecastModel? champion)
    {
        var comparison = ChallengeScoring.Compare(history, challenger, champion, HoldoutFraction);
        return (comparison, PromotionRule.Decide(comparison, Margin));
    }
}
