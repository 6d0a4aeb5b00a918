using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabA.Prometheus;

/// <summary>The envelope of every Prometheus HTTP API answer: <c>status</c> "success" with <c>data</c>, or "error" with <c>errorType</c> and <c>error</c>.</summary>
public sealed record PrometheusResponse(
    string Status,
    RangeData? Data,
    string? ErrorType,
    string? Error);

/// <summary>The data of a query_range answer: a matrix, one entry per series.</summary>
public sealed record RangeData(string ResultType, IReadOnlyList<RangeSeries> Result);

/// <summary>One series of a matrix: its labels, and its samples as [unix seconds, "value"] pairs.</summary>
public sealed record RangeSeries(IReadOnlyDictionary<string, string> Metric, IReadOnlyList<JsonElement[]> Values);

/// <summary>Source-generated (reflection-free, Native AOT safe) JSON for the answers the client reads.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PrometheusResponse))]
public sealed partial class PrometheusJson : JsonSerializerContext;
