namespace LabA.Trainer.Retraining;

/// <summary>What one retrain reads, how it trains, how it judges, and where it publishes; see the retrain command's options.</summary>
public sealed record RetrainSettings
{
    public required SeriesSource Source { get; init; }
    /// <summary>Null: decide without a champion and publish nothing (a dry run, or the bench).</summary>
    public ModelStoreAddress? Store { get; init; }
    public required double Margin { get; init; }
    public required string Trainer { get; init; }
    /// <summary>Null: the champion's, else calendar.</summary>
    public string? FeatureSet { get; init; }
    /// <summary>Null: the champion's, else the default for the series' step.</summary>
    public TimeSpan? Horizon { get; init; }
    public required TimeSpan RollingWindow { get; init; }
    public required double HoldoutFraction { get; init; }
    /// <summary>Where the challenger (with its promotion record) is also written, promoted or not; null for nowhere.</summary>
    public string? OutDirectory { get; init; }
}
