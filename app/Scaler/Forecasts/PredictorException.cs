namespace LabA.Scaler.Forecasts;

/// <summary>The predictor could not be asked or answered something unusable; the message names the cause.</summary>
internal sealed class PredictorException(string message) : Exception(message);
