using System.Globalization;
using System.Net;
using System.Text.Json;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace LabA.Scaler.Forecasts;

/// <summary>The predictor's answer: the original lab's fields, checked to be usable.</summary>
public sealed record Forecast(double PredictedCpu, int RecommendedReplicas, string? Timestamp);

/// <summary>The predictor could not be asked or answered something unusable; the message names the cause.</summary>
public sealed class PredictorException(string message) : Exception(message);

/// <summary>
/// Asks the predictor over HTTP. Transient failures (connection errors, 408, 429, 5xx, a hung attempt) are retried
/// with jittered exponential backoff, and everything, retries included, fits in one budget (CURL_TIMEOUT).
/// </summary>
public sealed class PredictorClient : IDisposable
{
    public const int MaxAttempts = 4;

    /// <summary>A forecast is a few hundred bytes; anything past this is refused as it arrives, never read whole.</summary>
    public const int MaxAnswerBytes = 1024 * 1024;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly HttpClient _http;
    private readonly TimeSpan _budget;

    public PredictorClient(Uri endpoint, TimeSpan budget, HttpMessageHandler? transport = null)
    {
        Endpoint = endpoint;
        _budget = budget;
        // A third of the budget per attempt leaves room for a retry after one hung attempt.
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstRetryDelay,
            })
            .AddTimeout(budget / 3)
            .Build();
        _http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = transport ?? new SocketsHttpHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxAnswerBytes,
        };
    }

    public Uri Endpoint { get; }

    /// <summary>The Scaler's question: the recommendation for <paramref name="at"/>, covering <paramref name="window"/> after it.</summary>
    public Task<Forecast> ForecastAsync(DateTimeOffset at, TimeSpan window, CancellationToken cancellationToken) =>
        GetAsync(
        [
            new("at", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            new("window", ((int)Math.Ceiling(window.TotalMinutes)).ToString(CultureInfo.InvariantCulture)),
        ], cancellationToken);

    /// <summary>The original lab's question: the forecast for a time of day.</summary>
    public Task<Forecast> ForecastAtTimeOfDayAsync(int hour, int minute, CancellationToken cancellationToken) =>
        GetAsync(
        [
            new("hour", hour.ToString(CultureInfo.InvariantCulture)),
            new("minute", minute.ToString(CultureInfo.InvariantCulture)),
        ], cancellationToken);

    private async Task<Forecast> GetAsync(IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        var uri = WithQuery(Endpoint, query);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_budget);
        try
        {
            using var response = await _http.GetAsync(uri, budget.Token);
            var body = await response.Content.ReadAsStringAsync(budget.Token);
            if (!response.IsSuccessStatusCode)
                throw new PredictorException($"predictor at {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}");
            return Parse(body, uri);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            throw new PredictorException(
                $"predictor at {uri} did not answer within {Durations.Format(_budget)} ({EnvVars.PredictorTimeout}, retries included)");
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new PredictorException($"predictor at {uri} answered more than {MaxAnswerBytes / 1024} KiB; a forecast is a few hundred bytes, so the rest was not read");
        }
        catch (HttpRequestException e)
        {
            throw new PredictorException($"cannot reach predictor at {uri} after {MaxAttempts} attempts: {e.Message}");
        }
    }

    /// <summary>Reads and checks the answer; anything the Scaler cannot safely act on is refused with the field named.</summary>
    public static Forecast Parse(string body, Uri source)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new PredictorException($"predictor at {source} answered malformed JSON ({e.Message}): {Excerpt(body)}");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new PredictorException($"predictor at {source} answered a JSON {root.ValueKind}, not an object: {Excerpt(body)}");

        if (!root.TryGetProperty("predicted_cpu", out var cpuElement) || cpuElement.ValueKind != JsonValueKind.Number)
            throw new PredictorException($"predictor at {source} answered no numeric predicted_cpu: {Excerpt(body)}");
        var cpu = cpuElement.GetDouble();
        if (!double.IsFinite(cpu) || cpu < 0 || cpu > ReplicaMapping.MaxCpuPercent)
            throw new PredictorException(
                $"predictor at {source} answered predicted_cpu {cpu.ToString(CultureInfo.InvariantCulture)}, out of range (must be 0 to {ReplicaMapping.MaxCpuPercent})");

        if (!root.TryGetProperty("recommended_replicas", out var replicasElement) || replicasElement.ValueKind != JsonValueKind.Number
            || !replicasElement.TryGetInt32(out var replicas))
            throw new PredictorException($"predictor at {source} answered no whole-number recommended_replicas: {Excerpt(body)}");
        if (replicas < 0 || replicas > ReplicaMapping.MaxReplicasBound)
            throw new PredictorException(
                $"predictor at {source} answered recommended_replicas {replicas}, out of range (must be 0 to {ReplicaMapping.MaxReplicasBound})");

        var timestamp = root.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return new Forecast(cpu, replicas, timestamp);
    }

    private static Uri WithQuery(Uri endpoint, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var extra = string.Join('&', query.Select(p => $"{WebUtility.UrlEncode(p.Key)}={WebUtility.UrlEncode(p.Value)}"));
        var existing = endpoint.Query.TrimStart('?');
        return new UriBuilder(endpoint) { Query = existing.Length == 0 ? extra : existing + "&" + extra }.Uri;
    }

    private static string Excerpt(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length == 0 ? "(empty body)" : flat.Length <= 200 ? flat : flat[..200] + "...";
    }

    public void Dispose() => _http.Dispose();
}
