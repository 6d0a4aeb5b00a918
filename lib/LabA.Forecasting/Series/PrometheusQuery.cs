namespace LabA.Forecasting.Series;

/// <summary>
/// A series read from Prometheus rather than a file: the server (its URL without credentials), the PromQL query and the
/// range asked for, as the model card records it so the training data can be fetched again.
/// </summary>
public sealed record PrometheusQuery(string Url, string Query, DateTimeOffset Start, DateTimeOffset End, TimeSpan Step);
