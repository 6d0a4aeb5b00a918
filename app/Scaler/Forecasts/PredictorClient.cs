using System.Globalization;
using System.Text.Json;
using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace LabA.Scaler.Forecasts;

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
    public Task<PredictorAnswer> ForecastAsync(DateTimeOffset at, TimeSpan window, CancellationToken cancellationToken) =>
        GetAsync(PredictorAddress.ForWindow(Endpoint, at, window), cancellationToken);

    /// <summary>The original lab's question: the forecast for a time of day.</summary>
    public Task<PredictorAnswer> ForecastAtTimeOfDayAsync(int hour, int minute, CancellationToken cancellationToken) =>
        GetAsync(PredictorAddress.ForTimeOfDay(Endpoint, hour, minute), cancellationToken);

    private async Task<PredictorAnswer> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
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
    public static PredictorAnswer Parse(string body, Uri source)
    {
        PredictorAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize(body, PredictJson.Default.PredictorAnswer);
        }
        catch (JsonException e)
        {
            throw new PredictorException($"predictor at {source} answered JSON that is not a /predict answer ({e.Message}): {Excerpt(body)}");
        }
        if (answer is null) throw new PredictorException($"predictor at {source} answered null, not a /predict answer");

        var cpu = answer.PredictedCpu;
        if (!double.IsFinite(cpu) || cpu < 0 || cpu > ReplicaMapping.MaxCpuPercent)
            throw new PredictorException(
                $"predictor at {source} answered {PredictJson.FieldName(nameof(PredictorAnswer.PredictedCpu))} {cpu.ToString(CultureInfo.InvariantCulture)}, out of range (must be 0 to {ReplicaMapping.MaxCpuPercent})");
        if (answer.RecommendedReplicas is < 0 or > ReplicaMapping.MaxReplicasBound)
            throw new PredictorException(
                $"predictor at {source} answered {PredictJson.FieldName(nameof(PredictorAnswer.RecommendedReplicas))} {answer.RecommendedReplicas}, out of range (must be 0 to {ReplicaMapping.MaxReplicasBound})");
        return answer;
    }

    private static string Excerpt(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length == 0 ? "(empty body)" : flat.Length <= 200 ? flat : flat[..200] + "...";
    }

    public void Dispose() => _http.Dispose();
}
