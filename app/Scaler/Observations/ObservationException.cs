namespace LabA.Scaler.Observations;

/// <summary>The load could not be observed, or what Prometheus returned must not steer a decision; the message says which.</summary>
internal sealed class ObservationException(string message) : Exception(message);
