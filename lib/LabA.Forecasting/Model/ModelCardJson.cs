using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabA.Forecasting.Model;

/// <summary>The one JSON shape of model.json and of evaluation reports: camelCase, indented, source-generated (no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ModelCard))]
[JsonSerializable(typeof(EvaluationReport))]
public sealed partial class ModelCardJson : JsonSerializerContext
{
    public static string Serialize(ModelCard card) => JsonSerializer.Serialize(card, Default.ModelCard);

    public static string Serialize(EvaluationReport report) => JsonSerializer.Serialize(report, Default.EvaluationReport);

    /// <summary>Throws <see cref="JsonException"/> when the text is not a model card.</summary>
    public static ModelCard DeserializeCard(string json) =>
        JsonSerializer.Deserialize(json, Default.ModelCard) ?? throw new JsonException("model card is null");
}
