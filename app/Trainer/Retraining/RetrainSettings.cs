namespace LabA.Trainer.Retraining;

/// <summary>What one retrain reads, how it trains and judges, and where it publishes; see the retrain command's options.</summary>
public sealed record RetrainSettings
{
    public required SeriesSource Source { get; init; }
    /// <summary>Null: decide without a champion and publish nothing (a dry run, or the bench).</summary>
    public ModelStoreAddress? Store { get; init; }
    public required ChallengeSettings Challenge { get; init; }
    /// <summary>Where the challenger (with its promotion record) is also written, promoted or not; null for nowhere.</summary>
    public string? OutDirectory { get; init; }
}
