using System.Threading.RateLimiting;

namespace LabA.Predictor.Serving;

/// <summary>
/// Long windows are the one request whose cost the client chooses: a week off the model's step grid is ten thousand
/// predictions. They compute on at most all cores but one, the rest waiting their turn without holding a thread, so that
/// a flood of them slows only itself and the probes (and every short request) always find a core.
/// </summary>
internal sealed class LongWindowGate : IDisposable
{
    /// <summary>Windows taking more forecasts than this (an hour at one-minute steps) pass the gate.</summary>
    public const long GatedAboveForecasts = 60;
    /// <summary>Beyond this many waiting, a long window is refused with 429 rather than queued for seconds.</summary>
    public const int MaxWaiting = 1024;

    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = Math.Max(1, Environment.ProcessorCount - 1),
        QueueLimit = MaxWaiting,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>
    /// A lease to dispose when the window is computed, or null for a window short enough not to queue; a lease that is
    /// not acquired means the queue is full.
    /// </summary>
    public async ValueTask<RateLimitLease?> EnterAsync(long forecasts, CancellationToken cancellation) =>
        forecasts > GatedAboveForecasts ? await _limiter.AcquireAsync(1, cancellation) : null;

    public void Dispose() => _limiter.Dispose();
}
