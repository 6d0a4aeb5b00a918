namespace LabA.KubernetesApi;

/// <summary>Neither a pod's service account nor a kubeconfig says where the API server is; the message says what was looked for.</summary>
public sealed class KubernetesConnectionException(string message, Exception inner) : Exception(message, inner);
