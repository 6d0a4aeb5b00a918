using System.Text.Json.Serialization;

namespace LabA.Predictor.Serving;

/// <summary>Compile-time JSON for everything the service reads and writes: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
internal sealed partial class PredictorJsonContext : JsonSerializerContext;
