using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using k8s;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;
using LabA.Forecasting;
using LabA.Forecasting.Series;
using LabA.KubernetesApi;
using LabA.Prometheus;

namespace LabA.Trainer.Retraining;

/// <summary>
/// The retrain job in workloads mode: one <see cref="RetrainJob"/> per model of the workload list, each on the history
/// of its workloads' query, with the range and the promotion gate of <c>template</c>, publishing into the model's own
/// store (<see cref="Names.ModelStoreOf"/>). Models are retrained one after another, so memory holds one history and
/// one challenger at a time; a model that fails is reported and the next one still runs.
/// </summary>
public sealed class WorkloadsRetrain(IReadOnlyList<Workload> workloads, RetrainSettings template, string? stackNamespace, IKubernetes? kubernetes, TextWriter log,
    TimeProvider clock)
{
    // Log lines are read by people first: keep '>' and non-ASCII as they are (still valid JSON).
    private static readonly JsonWriterOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// One retrain per model, in the order the list first names each. A model's history is its first workload's query:
    /// workloads sharing a model share its forecast, so they are expected to share the query too.
    /// </summary>
    /// <param name="stackNamespace">Where the model stores are; null: publish nothing (each decided against no champion).</param>
    public static IReadOnlyList<RetrainSettings> Plan(IReadOnlyList<Workload> workloads, RetrainSettings template, string? stackNamespace)
    {
        var prometheus = template.Source.Prometheus ?? throw new ArgumentException("workloads mode reads every history from Prometheus", nameof(template));
        return [.. workloads.GroupBy(workload => workload.Model, StringComparer.Ordinal).Select(group => template with
        {
            Source = template.Source with { Prometheus = prometheus with { Query = group.First().Query } },
            Store = stackNamespace is null ? null : new ModelStoreAddress(stackNamespace, Names.ModelStoreOf(group.Key)),
            OutDirectory = template.OutDirectory is { } directory ? Path.Combine(directory, group.Key) : null,
            Model = group.Key,
            Workloads = [.. group],
        })];
    }

    /// <summary>Retrains every model and reports each (one JSON line) and all (a summary line); the counts say whether any failed.</summary>
    public async Task<RetrainSummary> RunAsync(CancellationToken cancellationToken)
    {
        var plan = Plan(workloads, template, stackNamespace);
        var total = Stopwatch.StartNew();
        var results = new List<RetrainOutcome?>();
        foreach (var settings in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await RetrainAsync(settings, cancellationToken));
        }
        var summary = new RetrainSummary(
            results.Count(r => r == RetrainOutcome.Promoted), results.Count(r => r == RetrainOutcome.Kept),
            results.Count(r => r == RetrainOutcome.Skipped), results.Count(r => r is null));
        Write(summary.Failed > 0 ? "error" : "info", writer =>
        {
            writer.WriteString("summary", string.Create(CultureInfo.InvariantCulture,
                $"{plan.Count} model{(plan.Count == 1 ? "" : "s")} for {workloads.Count} workload{(workloads.Count == 1 ? "" : "s")}: " +
                $"{summary.Promoted} promoted, {summary.Kept} kept, {summary.Skipped} skipped, {summary.Failed} failed"));
            writer.WriteNumber("models", plan.Count);
            writer.WriteNumber("promoted", summary.Promoted);
            writer.WriteNumber("kept", summary.Kept);
            writer.WriteNumber("skipped", summary.Skipped);
            writer.WriteNumber("failed", summary.Failed);
            writer.WriteNumber("seconds", Math.Round(total.Elapsed.TotalSeconds, 1));
        });
        return summary;
    }

    /// <summary>One model's retrain and its line; null when it failed (the line says why).</summary>
    private async Task<RetrainOutcome?> RetrainAsync(RetrainSettings settings, CancellationToken cancellationToken)
    {
        var query = settings.Source.Prometheus!.Query;
        var others = settings.Workloads.Where(workload => workload.Query != query).ToArray();
        if (others.Length > 0)
            Log(settings.Model!, $"{string.Join(", ", others)} share{(others.Length == 1 ? "s" : "")} this model with another query; " +
                                 $"it learns from {settings.Workloads[0]}'s ({query})");

        var timer = Stopwatch.StartNew();
        var store = kubernetes is not null && settings.Store is { } address ? new ModelStore(kubernetes, address) : null;
        var job = new RetrainJob(settings, store, log, clock);
        RetrainOutcome? outcome = null;
        string message;
        try
        {
            outcome = await job.RunAsync(cancellationToken);
            message = job.Decision ?? outcome.Value.ToString();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        // Whatever one model meets (no data, Prometheus or the API server refusing, a history no model can be served
        // from, a bug in a trainer) is that model's failure: the line names it and the next model still runs.
        catch (Exception e)
        {
            var known = e is ModelStoreException or KubernetesCallException or PrometheusException or SeriesFormatException or SettingsException
                or ForecastInputException or ModelLoadException;
            message = known ? e.Message : $"unexpected {e.GetType().Name}: {e.Message.Split('\n', 2)[0]}";
            if (job.ReactiveFloorNote is { } floor) message = $"{message}; {floor}";
        }

        var seconds = timer.Elapsed.TotalSeconds;
        Write(outcome switch { null => "error", RetrainOutcome.Skipped => "warning", _ => "info" }, writer =>
        {
            writer.WriteString("model", settings.Model);
            writer.WriteStartArray("workloads");
            foreach (var workload in settings.Workloads) writer.WriteStringValue($"{workload.Namespace}/{workload.Name}");
            writer.WriteEndArray();
            writer.WriteString("query", query);
            writer.WriteString("outcome", outcome is { } done ? done.ToString().ToLowerInvariant() : "failed");
            writer.WriteString("serving", job.ModelServes switch { true => "model", false => "reactive-floor", null => "unknown" });
            writer.WriteNumber("seconds", Math.Round(seconds, 1));
            if (settings.Store is { } address) writer.WriteString("store", $"{address.Namespace}/{address.Name}");
            writer.WriteString("message", message);
        });
        return outcome;
    }

    private void Log(string model, string message)
    {
        log.WriteLine($"{clock.GetUtcNow().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} retrain {model}: {message}");
        log.Flush();
    }

    /// <summary>One JSON object on one line, as the Scaler logs its runs, so that log pipelines can index every field.</summary>
    private void Write(string level, Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Readable))
        {
            writer.WriteStartObject();
            writer.WriteString("time", clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("level", level);
            fields(writer);
            writer.WriteEndObject();
        }
        log.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        log.Flush();
    }
}

/// <summary>How many models a workloads-mode retrain promoted, kept, skipped and failed.</summary>
public sealed record RetrainSummary(int Promoted, int Kept, int Skipped, int Failed);
