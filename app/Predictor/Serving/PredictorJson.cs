using System.Text.Json.Serialization;

namespace LabA.Predictor.Serving;

/// <summary>
/// The answer of /predict. The first three fields are the original lab's contract, names and meaning unchanged;
/// the rest say what the recommendation rests on.
/// </summary>
public sealed record PredictionResponse(
    double PredictedCpu,
    int RecommendedReplicas,
    DateTime Timestamp,
    double PeakCpu,
    double ProvisionedCpu,
    int WindowMinutes,
    double HorizonMinutes,
    string ModelVersion);

public sealed record HealthResponse(string Status);

public sealed record ReadinessResponse(string Status, string? ModelVersion, string? Reason);

/// <summary>One point of the body POSTed to /predict: <c>{"timestamp": "2025-06-01T14:25:00Z", "value": 58.1}</c>.</summary>
public sealed record ObservationJson(DateTimeOffset Timestamp, double Value);

/// <summary>Compile-time JSON for everything the service reads and writes: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(PredictionResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
[JsonSerializable(typeof(ObservationJson[]))]
public sealed partial class PredictorJsonContext : JsonSerializerContext;
