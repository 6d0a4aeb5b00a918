using Docker.DotNet;

namespace LabA.Deployment.Images;

/// <summary>The images LabA builds, all from the repository root as context (the apps reference lib/).</summary>
public static class LabImages
{
    public const string PredictorRepository = "lab-a/predictor";
    public const string ScalerRepository = "lab-a/scaler";
    public const string TrainerRepository = "lab-a/trainer";
    public const string PredictorDockerfile = "app/Predictor/Dockerfile";
    public const string ScalerDockerfile = "app/Scaler/Dockerfile";
    public const string TrainerDockerfile = "app/Trainer/Dockerfile";

    /// <param name="buildArgs">Base image overrides and the like; none on the default path.</param>
    /// <param name="target">The Dockerfile stage; null for the default (the last, SDK-built one).</param>
    public static ImageBuildRequest Predictor(string repositoryRoot, IReadOnlyDictionary<string, string>? buildArgs = null, string? target = null) =>
        new(repositoryRoot, PredictorDockerfile, PredictorRepository, buildArgs ?? new Dictionary<string, string>(), target);

    public static ImageBuildRequest Scaler(string repositoryRoot, IReadOnlyDictionary<string, string>? buildArgs = null, string? target = null) =>
        new(repositoryRoot, ScalerDockerfile, ScalerRepository, buildArgs ?? new Dictionary<string, string>(), target);

    /// <summary>The Trainer's commands in the cluster (the load source); no model baked in, so a retrained model leaves its tag alone.</summary>
    public static ImageBuildRequest Trainer(string repositoryRoot, IReadOnlyDictionary<string, string>? buildArgs = null, string? target = null) =>
        new(repositoryRoot, TrainerDockerfile, TrainerRepository, buildArgs ?? new Dictionary<string, string>(), target);

    /// <summary>Builds an image and loads it into the kind node, as <c>docker build</c> then <c>kind load docker-image</c>.</summary>
    public static async Task<string> BuildAndLoadAsync(
        IDockerClient docker, ImageBuildRequest request, string nodeContainer, Action<string> log, CancellationToken cancellationToken)
    {
        var reference = await new ImageBuilder(docker).BuildAsync(request, log, cancellationToken);
        await new NodeImageLoader(docker).LoadIntoKindNodeAsync(reference, nodeContainer, log, cancellationToken);
        return reference;
    }

    /// <summary>Builds an image and pushes it to <paramref name="registry"/> under the same content-addressed tag, for an existing cluster to pull.</summary>
    public static async Task<PushedImage> BuildAndPushAsync(
        IDockerClient docker, ImageBuildRequest request, RegistryReference registry, RegistryCredentials? credentials,
        Action<string> log, CancellationToken cancellationToken)
    {
        var reference = await new ImageBuilder(docker).BuildAsync(request, log, cancellationToken);
        return await new RegistryPush(docker).PushAsync(reference, registry, credentials, log, cancellationToken);
    }

    /// <summary>The directory holding Pulumi.yaml, found from <paramref name="start"/> upwards (Pulumi runs the program in infra/).</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(start)); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Pulumi.yaml"))) return directory.FullName;
        throw new DirectoryNotFoundException($"no Pulumi.yaml in {start} or any directory above it; run from inside the LabA repository");
    }
}
