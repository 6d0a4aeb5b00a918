namespace LabA.KubernetesApi;

/// <summary>
/// A Kubernetes call failed; the message names the verb, the resource and the object. <see cref="Transient"/> when
/// the same call may well succeed if made again (a 5xx, 429, a timeout, a dropped connection).
/// </summary>
public sealed class KubernetesCallException(string message, bool transient = false) : Exception(message)
{
    public bool Transient { get; } = transient;
}
