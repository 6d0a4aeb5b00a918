using LabA.Trainer.Retraining;

namespace LabA.Trainer.Backtest;

/// <summary>
/// The retraining replay: every <see cref="Every"/> from the start of the replay, the retrain job's decision on the last
/// <see cref="Range"/> of history before that instant (as the job reads Prometheus), judged by <see cref="Challenge"/>.
/// </summary>
public sealed record RetrainingOptions(TimeSpan Every, TimeSpan Range, ChallengeSettings Challenge);
