namespace LabA.KubernetesApi;

/// <summary>A write was refused with 409 Conflict: the object changed since it was read (or, for a create, exists).</summary>
public sealed class KubernetesConflictException : Exception;
