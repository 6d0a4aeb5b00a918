using System.Text.Json.Serialization;

namespace LabA.Forecasting;

/// <summary>forecaster.json's shape: camelCase, source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ForecasterRecipe))]
internal sealed partial class ForecasterRecipeJson : JsonSerializerContext;
