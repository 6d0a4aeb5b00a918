using System.Globalization;
using System.Text;
using System.Text.Json;
using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Http;
using Polly.Timeout;

namespace LabA.Scaler.Forecasts;

/// <summary>
/// Asks the predictor over HTTP, retrying transient failures (<see cref="TransientRetryHttp"/>): each attempt gets the
/// whole CURL_TIMEOUT, and a retry is made only while the run's budget holds another attempt.
/// </summary>
internal sealed class PredictorClient : IDisposable
{
    public const int MaxAttempts = TransientRetryHttp.MaxAttempts;

    /// <summary>A forecast is a few hundred bytes; anything past this is refused as it arrives, never read whole.</summary>
    public const int MaxAnswerBytes = 1024 * 1024;

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    /// <param name="timeout">What each attempt gets (CURL_TIMEOUT).</param>
    /// <param name="remaining">The time left for the forecast's calls; null for no deadline beyond the attempts.</param>
    public PredictorClient(Uri endpoint, TimeSpan timeout, HttpMessageHandler? transport = null, Func<TimeSpan>? remaining = null)
    {
        Endpoint = endpoint;
        _timeout = timeout;
        _http = TransientRetryHttp.Create(timeout, transport, remaining);
        _http.MaxResponseContentBufferSize = MaxAnswerBytes;
    }

    public Uri Endpoint { get; }

    /// <summary>The Scaler's question: the recommendation for <paramref name="at"/>, covering <paramref name="window"/> after it.</summary>
    public Task<PredictorAnswer> ForecastAsync(DateTimeOffset at, TimeSpan window, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, PredictorAddress.ForWindow(Endpoint, at, window), null, ParseAnswer, cancellationToken);

    /// <summary>The same question for a model that forecasts from recent observations: they travel in the body.</summary>
    public Task<PredictorAnswer> ForecastFromAsync(
        IReadOnlyList<ObservationItem> observations, DateTimeOffset at, TimeSpan window, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(observations.ToArray(), PredictJson.Default.ObservationItemArray);
        return SendAsync(HttpMethod.Post, PredictorAddress.ForWindow(Endpoint, at, window), body, ParseAnswer, cancellationToken);
    }

    /// <summary>The time-of-day question: the forecast for a time of day.</summary>
    public Task<PredictorAnswer> ForecastAtTimeOfDayAsync(int hour, int minute, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, PredictorAddress.ForTimeOfDay(Endpoint, hour, minute), null, ParseAnswer, cancellationToken);

    /// <summary>The served model's step, horizon and history, from its card.</summary>
    public Task<ServedModelCard> ModelCardAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, PredictorAddress.ModelCard(Endpoint), null, ParseCard, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, Uri uri, string? json, Func<string, Uri, T> parse, CancellationToken cancellationToken)
    {
        // The body is read after the retries' handler, so a server that sends headers and then stalls is bounded here:
        // by every attempt's timeout, which the run's own deadline cuts shorter.
        // A user:password in PREDICTOR_URL must never reach a log line or an Event.
        var shown = UrlRedaction.Redact(uri);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_timeout * MaxAttempts);
        try
        {
            using var request = new HttpRequestMessage(method, uri);
            if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await _http.SendAsync(request, budget.Token);
            var body = await response.Content.ReadAsStringAsync(budget.Token);
            if (!response.IsSuccessStatusCode)
                throw new PredictorException($"predictor at {shown} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}");
            return parse(body, uri);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            throw new PredictorException(
                $"predictor at {shown} did not answer within {Durations.Format(_timeout)} ({ScalerCatalogue.PredictorTimeout.Env}, each attempt)");
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new PredictorException($"predictor at {shown} answered more than {MaxAnswerBytes / 1024} KiB; a forecast is a few hundred bytes, so the rest was not read");
        }
        catch (HttpRequestException e)
        {
            throw new PredictorException($"cannot reach predictor at {shown} after {MaxAttempts} attempts: {e.Message}");
        }
    }

    /// <summary>Reads and checks the answer; anything the Scaler cannot safely act on is refused with the field named.</summary>
    public static PredictorAnswer ParseAnswer(string body, Uri source)
    {
        var answer = Deserialize(body, source, "a /predict answer", () => JsonSerializer.Deserialize(body, PredictJson.Default.PredictorAnswer));
        var cpu = answer.PredictedCpu;
        // The load's own range: a CPU% above the band's top maps to the maximum, a request rate is in thousands.
        if (LoadBounds.ValueProblem(cpu) is { } problem)
            throw new PredictorException(
                $"predictor at {UrlRedaction.Redact(source)} answered {PredictJson.FieldName(nameof(PredictorAnswer.PredictedCpu))}: {problem}");
        if (answer.RecommendedReplicas is < 0 or > ReplicaMapping.MaxReplicasBound)
            throw new PredictorException(
                $"predictor at {UrlRedaction.Redact(source)} answered {PredictJson.FieldName(nameof(PredictorAnswer.RecommendedReplicas))} {answer.RecommendedReplicas}, " +
                $"out of range (must be 0 to {ReplicaMapping.MaxReplicasBound})");
        return answer;
    }

    private static ServedModelCard ParseCard(string body, Uri source)
    {
        var card = Deserialize(body, source, "a model card", () => JsonSerializer.Deserialize(body, ServedModelCardJson.Default.ServedModelCard));
        return card.Problem() is { } problem ? throw new PredictorException($"predictor at {UrlRedaction.Redact(source)} serves a model card whose {problem}") : card;
    }

    private static T Deserialize<T>(string body, Uri source, string what, Func<T?> read) where T : class
    {
        try
        {
            return read() ?? throw new PredictorException($"predictor at {UrlRedaction.Redact(source)} answered null, not {what}");
        }
        catch (JsonException e)
        {
            throw new PredictorException($"predictor at {UrlRedaction.Redact(source)} answered JSON that is not {what} ({e.Message}): {Excerpt(body)}");
        }
    }

    private static string Excerpt(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length == 0 ? "(empty body)" : flat.Length <= 200 ? flat : flat[..200] + "...";
    }

    public void Dispose() => _http.Dispose();
}
