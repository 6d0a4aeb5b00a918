namespace LabA.Trainer.Backtest;

/// <summary>One retrain of the replay: what history it read, what it trained, what it decided, and what then served.</summary>
public sealed record RetrainDay
{
    /// <summary>When the retrain ran: nothing at or after this instant was in its history.</summary>
    public required DateTimeOffset At { get; init; }
    public required DateTimeOffset HistoryFrom { get; init; }
    /// <summary>The newest observation the retrain read, before <see cref="At"/>.</summary>
    public required DateTimeOffset HistoryTo { get; init; }
    public required int Points { get; init; }
    /// <summary>"promoted", "kept" or "skipped" (history too short).</summary>
    public required string Decision { get; init; }
    public required string Reason { get; init; }
    /// <summary>The challenger's version and the forecaster its training chose; null when skipped.</summary>
    public string? Challenger { get; init; }
    public string? ChallengerForecaster { get; init; }
    public double? ChallengerMae { get; init; }
    public double? ChampionMae { get; init; }
    /// <summary>The model that served from <see cref="At"/> until the next retrain.</summary>
    public required string Serving { get; init; }
    public required double Seconds { get; init; }
}
