using System.Threading.RateLimiting;

namespace LabA.Predictor.Serving;

/// <summary>
/// Long windows are the one request whose cost the client chooses: a week off the model's step grid is ten thousand
/// predictions. They compute on at most all cores but one, the rest waiting their turn without holding a thread, so that
/// a flood of them slows only itself and the probes (and every short request) always find a core. Only a few wait per
/// core: a deep queue would hold clients for seconds (a thousand windows behind one core took over 10 s), when a 429
/// with <see cref="RetryAfterSeconds"/> tells them at once to come back.
/// </summary>
internal sealed class LongWindowGate : IDisposable
{
    /// <summary>Windows taking more forecasts than this (an hour at one-minute steps) pass the gate.</summary>
    public const long GatedAboveForecasts = 60;
    /// <summary>Windows waiting per computing one: a week's window takes milliseconds, so the last waits well under a second.</summary>
    public const int WaitingPerPermit = 4;
    /// <summary>What a refused client is told to wait: the queue drains in far less.</summary>
    public const int RetryAfterSeconds = 1;

    private readonly ConcurrencyLimiter _limiter;

    public LongWindowGate() : this(Math.Max(1, Environment.ProcessorCount - 1))
    {
    }

    public LongWindowGate(int permits, int waitingPerPermit = WaitingPerPermit)
    {
        MaxWaiting = permits * waitingPerPermit;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = MaxWaiting,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Beyond this many waiting, a long window is refused with 429 rather than queued.</summary>
    public int MaxWaiting { get; }

    /// <summary>
    /// A lease to dispose when the window is computed, or null for a window short enough not to queue; a lease that is
    /// not acquired means the queue is full.
    /// </summary>
    public async ValueTask<RateLimitLease?> EnterAsync(long forecasts, CancellationToken cancellation) =>
        forecasts > GatedAboveForecasts ? await _limiter.AcquireAsync(1, cancellation) : null;

    public void Dispose() => _limiter.Dispose();
}
