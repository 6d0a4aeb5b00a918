namespace LabA.Trainer.Retraining;

/// <summary>How a retrain ended; each is recorded as a log line and, with a model store, an Event on it.</summary>
public enum RetrainOutcome
{
    /// <summary>The challenger won and serves now.</summary>
    Promoted,
    /// <summary>The challenger lost; the champion keeps serving.</summary>
    Kept,
    /// <summary>Too little history to train on honestly; nothing was trained.</summary>
    Skipped,
}
