using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabA.Domain.Predict;

/// <summary>Instants in /predict's JSON as <see cref="PredictTimestamp"/> writes and reads them (source-generated JSON can use it: no reflection).</summary>
internal sealed class PredictTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"a timestamp must be a string like \"{PredictTimestamp.Example}\", not a {reader.TokenType}");
        var text = reader.GetString();
        return PredictTimestamp.TryParse(text, out var instant)
            ? instant
            : throw new JsonException($"'{Shorten(text!)}' is not an ISO-8601 instant like {PredictTimestamp.Example}");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(PredictTimestamp.Write(value));

    private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..40] + "...";
}
