using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace LabA.Prometheus;

/// <summary>
/// The one way LabA's clients call a service over HTTP (Prometheus for the Trainer and the Scaler, the Predictor for the
/// Scaler): transient failures (connection errors, 408, 429, 5xx, a hung attempt) are retried with jittered exponential
/// backoff, and each attempt has its own timeout, so one hung attempt still leaves room for the next.
/// </summary>
public static class TransientRetryHttp
{
    public const int MaxAttempts = 4;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A client with the retries built in and no overall timeout of its own: the caller bounds the whole exchange, retries
    /// included, with its cancellation token.
    /// </summary>
    public static HttpClient Create(TimeSpan attemptTimeout, HttpMessageHandler? transport = null)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstRetryDelay,
            })
            .AddTimeout(attemptTimeout)
            .Build();
        return new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = transport ?? new SocketsHttpHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }
}
