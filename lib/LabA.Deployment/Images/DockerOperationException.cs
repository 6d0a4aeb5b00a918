namespace LabA.Deployment.Images;

/// <summary>A failed Docker operation, carrying the engine's own message.</summary>
public sealed class DockerOperationException(string message) : Exception(message);
