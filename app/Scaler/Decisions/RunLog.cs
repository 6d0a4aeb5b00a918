using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LabA.Scaler.Cluster;

namespace LabA.Scaler.Decisions;

/// <summary>
/// One JSON object per line on the run's output, so that `kubectl logs` shows one line a run and log pipelines
/// can index every field. Written by hand with Utf8JsonWriter: no reflection, nothing to trim away.
/// </summary>
internal static class RunLog
{
    // Log lines are read by people first: keep '>' and non-ASCII as they are (still valid JSON).
    private static readonly JsonWriterOptions ReadableOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(TextWriter output, DateTimeOffset time, string level, Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ReadableOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("time", time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("level", level);
            fields(writer);
            writer.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        output.Flush();
    }

    /// <summary>
    /// A failed run: <paramref name="cause"/> is a stable keyword (settings, predictor, kubernetes, stopped), the message
    /// is for people, and <paramref name="scaled"/> tells whether the replica count was changed before the failure.
    /// </summary>
    public static void Error(TextWriter output, DateTimeOffset time, string cause, string message, bool scaled = false, IScaleTarget? workload = null) =>
        Write(output, time, "error", writer =>
        {
            if (workload is not null)
            {
                writer.WriteString("namespace", workload.Namespace);
                writer.WriteString("deployment", workload.Name);
            }
            writer.WriteString("cause", cause);
            writer.WriteBoolean("scaled", scaled);
            writer.WriteString("message", message);
        });
}
