namespace LabA.Trainer.Retraining;

/// <summary>The model store could not be read or written, or refused what was to be published; the message says why and what to do.</summary>
public sealed class ModelStoreException(string message) : Exception(message);
