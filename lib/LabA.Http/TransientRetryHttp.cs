using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace LabA.Http;

/// <summary>
/// The one way LabA's clients call a service over HTTP (Prometheus for the Trainer and the Scaler, the Predictor for the
/// Scaler): transient failures (connection errors, 408, 429, 5xx, a hung attempt) are retried with jittered exponential
/// backoff, and each attempt gets the whole documented per-call timeout. With a deadline, a retry is made only while
/// the time left can hold another whole attempt, so the retries fit inside the caller's budget.
/// </summary>
public static class TransientRetryHttp
{
    public const int MaxAttempts = 4;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A client with the retries built in and no overall timeout of its own: the caller bounds the whole exchange, retries
    /// included, with its cancellation token.
    /// </summary>
    /// <param name="attemptTimeout">What each attempt gets: the documented per-call timeout.</param>
    /// <param name="remaining">The time left before the caller's deadline; null for no deadline beyond the attempts.</param>
    public static HttpClient Create(TimeSpan attemptTimeout, HttpMessageHandler? transport = null, Func<TimeSpan>? remaining = null)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstRetryDelay,
                // A retry that the deadline would cut short only hides the first failure behind a timeout.
                ShouldHandle = args => ValueTask.FromResult(
                    !args.Context.CancellationToken.IsCancellationRequested && HttpClientResiliencePredicates.IsTransient(args.Outcome) && (remaining is null || remaining() >= attemptTimeout)),
            })
            .AddTimeout(attemptTimeout)
            .Build();
        return new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = transport ?? new SocketsHttpHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }
}
