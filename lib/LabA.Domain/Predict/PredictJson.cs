using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabA.Domain.Predict;

/// <summary>
/// Compile-time JSON for /predict, written and read by the Predictor, the Scaler and the tests alike: snake_case names,
/// every constructor parameter required, no reflection (Native AOT safe).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(PredictorAnswer))]
[JsonSerializable(typeof(ObservationItem[]))]
public sealed partial class PredictJson : JsonSerializerContext
{
    /// <summary>The JSON name of a contract property, e.g. <c>FieldName(nameof(PredictorAnswer.PredictedCpu))</c> is "predicted_cpu".</summary>
    public static string FieldName(string property) => JsonNamingPolicy.SnakeCaseLower.ConvertName(property);
}
