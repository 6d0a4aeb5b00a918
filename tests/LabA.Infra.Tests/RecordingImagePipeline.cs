using System.Collections.Concurrent;
using LabA.Deployment.Images;

namespace LabA.Infra.Tests;

/// <summary>
/// Stands in for Docker in the mock runs (the real pipeline is tested against a real engine in LabA.Deployment.Tests):
/// it plans fixed references and records what it was asked to build and where to load it.
/// </summary>
public sealed class RecordingImagePipeline : IImagePipeline
{
    public static readonly LabImageReferences Planned = new("lab-a/predictor:aaaaaaaaaaaa", "lab-a/scaler:bbbbbbbbbbbb", "lab-a/trainer:eeeeeeeeeeee");
    public static readonly LabImageReferences Built = new("lab-a/predictor:cccccccccccc", "lab-a/scaler:dddddddddddd", "lab-a/trainer:ffffffffffff");

    public ConcurrentQueue<string> LoadedInto { get; } = new();

    public ConcurrentQueue<(RegistryReference Registry, RegistryCredentials? Credentials)> PushedTo { get; } = new();

    /// <summary>When set, building fails as Docker reports a failed build.</summary>
    public string? BuildError { get; init; }

    public LabImageReferences Plan() => Planned;

    public Task<LabImageReferences> BuildAndLoadAsync(string nodeContainer, Action<string> log, CancellationToken cancellationToken)
    {
        LoadedInto.Enqueue(nodeContainer);
        return BuildError is null ? Task.FromResult(Built) : Task.FromException<LabImageReferences>(new DockerOperationException(BuildError));
    }

    public Task<LabImageReferences> BuildAndPushAsync(RegistryReference registry, RegistryCredentials? credentials, Action<string> log, CancellationToken cancellationToken)
    {
        PushedTo.Enqueue((registry, credentials));
        return BuildError is null ? Task.FromResult(Built.In(registry)) : Task.FromException<LabImageReferences>(new DockerOperationException(BuildError));
    }
}
