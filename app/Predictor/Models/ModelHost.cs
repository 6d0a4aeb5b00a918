namespace LabA.Predictor.Models;

/// <summary>
/// The model one place (MODEL_DIR, or a model of MODELS_DIR) serves now, or why there is none, and the last model it
/// refused. Its <see cref="ModelSlot"/> publishes into it; each request takes one <see cref="ModelLease"/>, so it
/// computes and answers with one model even when a reload swaps it meanwhile. A missing or refused model leaves the
/// process up (the reason is read from /ready, /model and the logs) but never lets it answer with a made-up number.
/// </summary>
internal sealed class ModelHost(string name) : IDisposable
{
    private ServedModel? _current;
    private volatile ModelRefusal? _lastRefusal;
    private volatile string? _unavailableReason = "no model loaded yet";
    private volatile bool _closed;

    /// <summary>The model's name in workloads mode, or <see cref="Serving.PredictorMetrics.SingleModel"/>: the label of its metrics.</summary>
    public string Name { get; } = name;
    /// <summary>Set once its directory is gone: a request still finishing then leaves no metrics behind it.</summary>
    public bool Closed => _closed;
    public ServedModel? Current => Volatile.Read(ref _current);
    /// <summary>The latest model found and not served, kept while a newer good one has not replaced it.</summary>
    public ModelRefusal? LastRefusal => _lastRefusal;
    /// <summary>Why nothing is served; null while a model is.</summary>
    public string? UnavailableReason => Current is null ? _unavailableReason : null;

    /// <summary>The model to compute one request with; dispose the lease when the answer is made.</summary>
    public ModelLease Acquire()
    {
        while (Volatile.Read(ref _current) is { } current)
        {
            // Fails only when a reload retired this one between the read and now: the next read finds its successor.
            if (current.TryAcquire()) return new ModelLease(current);
        }
        return default;
    }

    /// <summary>503 with the reason: a forecast without a model would be a made-up number.</summary>
    public IResult Unavailable() => TypedResults.Problem(
        detail: UnavailableReason ?? "the model was replaced while the request started; retry",
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "No model loaded");

    /// <summary>Serves <paramref name="next"/> from now on; the one it replaces goes once its last request is done.</summary>
    internal void Publish(ServedModel next) => Interlocked.Exchange(ref _current, next)?.Retire();

    /// <summary>Records the latest refusal, or with null forgets it once the place holds anything else.</summary>
    internal void Refused(ModelRefusal? refusal) => _lastRefusal = refusal;

    internal void NothingToServe(string reason) => _unavailableReason = reason;

    public void Dispose()
    {
        _closed = true;
        Interlocked.Exchange(ref _current, null)?.Retire();
    }
}
