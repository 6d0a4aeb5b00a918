namespace LabA.Forecasting.Series;

/// <summary>
/// One row as read, before it is put on the grid: its instant in UTC, its value (null for a blank cell, a missed
/// sample) and where it came from (the file line; null for sources without lines, such as a Prometheus query).
/// </summary>
public readonly record struct RawPoint(DateTimeOffset Timestamp, double? Value, int? Line);
