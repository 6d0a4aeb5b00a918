namespace LabA.Forecasting;

/// <summary>A model directory that cannot be served: the message says which file and why, in one line.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
