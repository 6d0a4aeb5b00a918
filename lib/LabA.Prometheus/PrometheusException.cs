namespace LabA.Prometheus;

/// <summary>Prometheus could not be asked, refused the query, or answered something that is not one series; the message is one line naming the cause.</summary>
public sealed class PrometheusException(string message) : Exception(message);
