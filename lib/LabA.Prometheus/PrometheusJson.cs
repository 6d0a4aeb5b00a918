using System.Text.Json.Serialization;

namespace LabA.Prometheus;

/// <summary>Source-generated (reflection-free, Native AOT safe) JSON for the answers the client reads.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PrometheusResponse))]
internal sealed partial class PrometheusJson : JsonSerializerContext;
