using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Http;

namespace LabA.Prometheus;

/// <summary>
/// Reads Prometheus' HTTP API. <see cref="QueryRangeAsync"/> asks <c>/api/v1/query_range</c> in chunks of at most
/// <see cref="MaxPointsPerSeries"/> points (the server refuses more per series) and joins them. Transient failures are
/// retried (<see cref="TransientRetryHttp"/>); a refused query is not. Each attempt gets the whole per-call timeout; with
/// a deadline, a retry is made only while the time left holds another attempt. Every failure is a
/// <see cref="PrometheusException"/> with one line.
/// </summary>
public sealed class PrometheusClient : IDisposable
{
    /// <summary>The server's limit on points per series in one query_range answer.</summary>
    public const int MaxPointsPerSeries = 11_000;
    public const int MaxAttempts = TransientRetryHttp.MaxAttempts;
    /// <summary>Without a budget: a long import range may take the server a while per chunk.</summary>
    private static readonly TimeSpan UnbudgetedAttemptTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly TimeSpan _attemptTimeout;

    /// <param name="attemptTimeout">What each attempt of a query gets (the documented per-call timeout); null for 60 s.</param>
    /// <param name="remaining">The time left before the caller's deadline: no retry is started that it cannot hold.</param>
    public PrometheusClient(ServerAddress server, HttpMessageHandler? transport = null, TimeSpan? attemptTimeout = null, Func<TimeSpan>? remaining = null)
    {
        Server = server;
        _attemptTimeout = attemptTimeout ?? UnbudgetedAttemptTimeout;
        _http = TransientRetryHttp.Create(_attemptTimeout, transport, remaining);
        _http.BaseAddress = server.BaseUri;
        if (server.Authorization is not null) _http.DefaultRequestHeaders.Authorization = server.Authorization;
        else if (PrometheusCredentials.FromEnvironment() is { } mounted) _http.DefaultRequestHeaders.Authorization = mounted;
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public ServerAddress Server { get; }

    /// <summary>
    /// The chunks a range is asked in: consecutive [start, end] pairs at <paramref name="step"/>, each with at most
    /// <see cref="MaxPointsPerSeries"/> evaluation instants, together covering start + k·step up to <paramref name="end"/>.
    /// </summary>
    internal static IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Chunks(DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var chunks = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var from = start; from <= end; from += step * MaxPointsPerSeries)
        {
            var to = from + step * (MaxPointsPerSeries - 1);
            chunks.Add((from, to < end ? to : end));
        }
        return chunks;
    }

    /// <summary>The instant moved down to a multiple of <paramref name="step"/> since the Unix epoch: the same range always asks the same grid.</summary>
    public static DateTimeOffset AlignDown(DateTimeOffset instant, TimeSpan step) =>
        new(instant.UtcTicks - (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % step.Ticks, TimeSpan.Zero);

    /// <summary>
    /// The model step a reading belongs to: the query evaluated at <paramref name="evaluatedAt"/> carries a load scraped
    /// at most <paramref name="scrapeInterval"/> before it, and a step's value is the load during it (the series holds each
    /// value until the next), so the reading is the value of the step holding <c>evaluatedAt - scrapeInterval</c>.
    /// </summary>
    public static DateTimeOffset StepOfReading(DateTimeOffset evaluatedAt, TimeSpan step, TimeSpan scrapeInterval) =>
        AlignDown(evaluatedAt - scrapeInterval, step);

    /// <summary>
    /// Every series <paramref name="query"/> returns, read at <paramref name="firstReading"/> and every step after it up to
    /// <paramref name="lastReading"/>, each sample labelled with the step its load belongs to (<see cref="StepOfReading"/>
    /// at the stack's scrape interval): what the Scaler reads its observations with and the Trainer its history, so that a
    /// model is served the same steps it was fitted on.
    /// </summary>
    public async Task<IReadOnlyList<QueriedSeries>> QueryStepsAsync(
        string query, DateTimeOffset firstReading, DateTimeOffset lastReading, TimeSpan step, CancellationToken cancellationToken) =>
        [.. (await QueryRangeAsync(query, firstReading, lastReading, step, cancellationToken)).Select(series => series with
        {
            Samples = [.. series.Samples.Select(sample => (StepOfReading(sample.Timestamp, step, Defaults.ScrapeInterval), sample.Value))],
        })];

    /// <summary>Every series <paramref name="query"/> returns between <paramref name="start"/> and <paramref name="end"/> at <paramref name="step"/>, chunks joined.</summary>
    public async Task<IReadOnlyList<QueriedSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        if (step <= TimeSpan.Zero) throw new PrometheusException($"--step {Durations.Format(step)} must be positive");
        if (end < start) throw new PrometheusException($"the range ends ({start:O}) before it starts ({end:O})");
        var series = new Dictionary<string, (IReadOnlyDictionary<string, string> Labels, List<(DateTimeOffset, double)> Samples)>();
        foreach (var (from, to) in Chunks(start, end, step))
        {
            foreach (var chunk in await QueryChunkAsync(query, from, to, step, cancellationToken))
            {
                var key = chunk.Selector;
                if (!series.TryGetValue(key, out var joined)) series[key] = joined = (chunk.Labels, []);
                joined.Samples.AddRange(chunk.Samples);
            }
        }
        return [.. series.Values.Select(joined => new QueriedSeries(joined.Labels, joined.Samples))];
    }

    private async Task<IReadOnlyList<QueriedSeries>> QueryChunkAsync(
        string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(
        [
            new("query", query),
            new("start", Seconds(start.ToUnixTimeMilliseconds() / 1000.0)),
            new("end", Seconds(end.ToUnixTimeMilliseconds() / 1000.0)),
            new("step", Seconds(step.TotalSeconds)),
        ]);
        string body;
        int status;
        try
        {
            using var response = await _http.PostAsync("api/v1/query_range", form, cancellationToken);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Polly.Timeout.TimeoutRejectedException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PrometheusException($"Prometheus at {Server.Display} did not answer within {Durations.Format(_attemptTimeout)} (each attempt)");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            throw new PrometheusException($"cannot reach Prometheus at {Server.Display} after {MaxAttempts} attempts: {FirstLine(e.Message)}");
        }

        PrometheusResponse? answer;
        try
        {
            answer = JsonSerializer.Deserialize(body, PrometheusJson.Default.PrometheusResponse);
        }
        catch (JsonException)
        {
            answer = null;
        }
        if (answer is null)
            throw new PrometheusException($"{Server.Display}/api/v1/query_range answered {status} with a body that is not the Prometheus API's JSON: {Excerpt(body)}");
        if (answer.Status != "success")
            throw new PrometheusException($"Prometheus at {Server.Display} refused the query ({answer.ErrorType ?? status.ToString(CultureInfo.InvariantCulture)}): {FirstLine(answer.Error ?? body)}");
        if (answer.Data is not { ResultType: "matrix" } data)
            throw new PrometheusException($"Prometheus at {Server.Display} answered a {answer.Data?.ResultType ?? "missing"} result; " +
                "a range query needs a matrix (a query returning an instant vector)");
        return [.. data.Result.Select(result => new QueriedSeries(result.Metric, [.. result.Values.Select(Sample)]))];
    }

    private (DateTimeOffset, double) Sample(JsonElement[] pair)
    {
        if (pair.Length != 2 || pair[0].ValueKind != JsonValueKind.Number || pair[1].ValueKind != JsonValueKind.String)
            throw new PrometheusException($"Prometheus at {Server.Display} answered a sample that is not [time, \"value\"]");
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(pair[0].GetDouble() * 1000));
        // Prometheus writes NaN and ±Inf as strings; all are kept as NaN, a sample without a usable value.
        var value = double.TryParse(pair[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) ? parsed : double.NaN;
        return (timestamp, value);
    }

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static string Excerpt(string body) => body.Length <= 200 ? FirstLine(body) : FirstLine(body[..200]) + "...";

    public void Dispose() => _http.Dispose();
}
