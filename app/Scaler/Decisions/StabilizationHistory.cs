using System.Globalization;
using System.Text.Json;
using LabA.Domain.Scaling;

namespace LabA.Scaler.Decisions;

/// <summary>
/// The recent recommendations kept in the Scaler's state ConfigMap, as a JSON array of {"neededUntil", "replicas"}:
/// the stabilization window's memory between CronJob runs, with no volume.
/// </summary>
internal static class StabilizationHistory
{
    public static string Serialize(IEnumerable<StabilizationEntry> history)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var entry in history)
            {
                writer.WriteStartObject();
                writer.WriteString("neededUntil", entry.NeededUntil.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                writer.WriteNumber("replicas", entry.Replicas);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The recommendations in <paramref name="text"/>, or null when it is not what <see cref="Serialize"/> writes.</summary>
    public static IReadOnlyList<StabilizationEntry>? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
            var history = new List<StabilizationEntry>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("neededUntil", out var until) || !until.TryGetDateTimeOffset(out var instant)
                    || !item.TryGetProperty("replicas", out var replicas) || !replicas.TryGetInt32(out var count) || count < 0)
                    return null;
                history.Add(new StabilizationEntry(instant, count));
            }
            return history;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
