namespace LabA.Forecasting;

/// <summary>Observations that do not fit the model (too few, wrong step, not reaching the forecast origin); the message says what is missing.</summary>
public sealed class ForecastInputException(string message) : Exception(message);
