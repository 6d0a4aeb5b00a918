namespace LabA.Prometheus;

/// <summary>The envelope of every Prometheus HTTP API answer: <c>status</c> "success" with <c>data</c>, or "error" with <c>errorType</c> and <c>error</c>.</summary>
internal sealed record PrometheusResponse(
    string Status,
    RangeData? Data,
    string? ErrorType,
    string? Error);
