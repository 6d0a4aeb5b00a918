namespace LabA.Forecasting;

/// <summary>A model directory that cannot be served: the message says which file and why, in one line.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Observations that do not fit the model (too few, wrong step, not reaching the forecast origin); the message says what is missing.</summary>
public sealed class ForecastInputException(string message) : Exception(message);
