namespace LabA.Prometheus;

/// <summary>The data of a query_range answer: a matrix, one entry per series.</summary>
internal sealed record RangeData(string ResultType, IReadOnlyList<RangeSeries> Result);
