using LabA.Domain.Workloads;

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

    /// <summary>Workloads mode: the model this retrain trains, which names its log lines; null for the one target.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// Workloads mode: the workloads <see cref="Model"/> forecasts. While no model serves them they are scaled by the
    /// Scaler's reactive floor alone, and every decision that leaves it so says so.
    /// </summary>
    public IReadOnlyList<Workload> Workloads { get; init; } = [];
}
