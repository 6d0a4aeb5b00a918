using System.Text.Json.Serialization;

namespace LabA.Forecasting.Promotion;

/// <summary>The JSON of <see cref="PromotionRecord"/>, in model.json's style: camelCase, indented, source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(PromotionRecord))]
public sealed partial class PromotionJson : JsonSerializerContext;
