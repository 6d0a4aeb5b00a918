using System.Text.Json.Serialization;

namespace LabA.Domain.Predict;

/// <summary>Reads <see cref="ServedModelCard"/> out of model.json's camelCase, the listed fields required, the others ignored; source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ServedModelCard))]
public sealed partial class ServedModelCardJson : JsonSerializerContext;
