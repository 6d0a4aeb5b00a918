using System.Globalization;
using System.Text.Json;
using LabA.Domain.Scaling;

namespace LabA.Scaler.Decisions;

/// <summary>
/// The recent recommendations kept in the Scaler's state ConfigMap, as a JSON array of {"neededUntil", "replicas"}:
/// the stabilization window's memory between CronJob runs, with no volume.
/// </summary>
public static class RecommendationHistory
{
    public static string Serialize(IEnumerable<Recommendation> history)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var recommendation in history)
            {
                writer.WriteStartObject();
                writer.WriteString("neededUntil", recommendation.NeededUntil.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                writer.WriteNumber("replicas", recommendation.Replicas);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The recommendations in <paramref name="text"/>, or null when it is not what <see cref="Serialize"/> writes.</summary>
    public static IReadOnlyList<Recommendation>? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
            var history = new List<Recommendation>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("neededUntil", out var until) || !until.TryGetDateTimeOffset(out var instant)
                    || !item.TryGetProperty("replicas", out var replicas) || !replicas.TryGetInt32(out var count) || count < 0)
                    return null;
                history.Add(new Recommendation(instant, count));
            }
            return history;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
