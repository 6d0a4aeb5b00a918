namespace LabA.Predictor.Models;

/// <summary>The model one request computes with, held until the request is done (dispose it), whatever reloads meanwhile.</summary>
internal readonly struct ModelLease(ServedModel? served) : IDisposable
{
    /// <summary>Null when no model is served.</summary>
    public ServedModel? Served { get; } = served;

    public void Dispose() => Served?.Release();
}
