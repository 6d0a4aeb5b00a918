using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using Pulumi;

namespace LabA.Infra;

/// <summary>
/// The predictor, scaler and trainer images: content-addressed tags always (so a preview shows whether they change), built
/// with Docker on a real update and then loaded into the kind node, once it exists, or pushed to the existing
/// cluster's registry. The build's output goes to the Pulumi log, and a failed build stops the update with the
/// build's own error.
/// </summary>
public sealed class Images : ComponentResource
{
    private Images(string name, LabImageReferences references, ComponentResourceOptions? options)
        : base("lab-a:index:Images", name, options)
    {
        References = references;
        RegisterOutputs(new Dictionary<string, object?> { ["predictor"] = Predictor, ["scaler"] = Scaler, ["trainer"] = Trainer });
    }

    public LabImageReferences References { get; }

    public string Predictor => References.Predictor;

    public string Scaler => References.Scaler;

    public string Trainer => References.Trainer;

    /// <summary>
    /// Waits for the node on a real update and builds and loads there; awaited by the program itself (not hidden in an
    /// output), so a failure reaches the user as one message rather than a serializer's stack trace.
    /// </summary>
    public static async Task<Images> LoadIntoKindAsync(string name, IImagePipeline pipeline, Output<string> nodeContainer, ComponentResourceOptions? options = null)
    {
        if (Pulumi.Deployment.Instance.IsDryRun) return new Images(name, pipeline.Plan(), options);
        var node = await nodeContainer.ValueAsync();
        return new Images(name, await Reported(() => pipeline.BuildAndLoadAsync(node, line => Log.Info(line), CancellationToken.None)), options);
    }

    /// <summary>Builds and pushes to the existing cluster's registry on a real update, with the login <see cref="RegistryCredentials.Resolve"/> finds.</summary>
    /// <param name="registryPassword">The secret <c>lab-a:registryPassword</c>; null when unset.</param>
    public static async Task<Images> PushToRegistryAsync(
        string name, IImagePipeline pipeline, ExistingClusterSettings existing, Output<string>? registryPassword, string dockerConfigPath,
        ComponentResourceOptions? options = null)
    {
        if (Pulumi.Deployment.Instance.IsDryRun) return new Images(name, pipeline.Plan().In(existing.Registry), options);
        var password = registryPassword is null ? null : await registryPassword.ValueAsync();
        return new Images(name, await Reported(() =>
        {
            var login = RegistryCredentials.Resolve(existing.Registry, existing.RegistryUsername, password, dockerConfigPath);
            Log.Info($"pushing to {existing.Registry} with the login from {login.Source}");
            return pipeline.BuildAndPushAsync(existing.Registry, login.Credentials, line => Log.Info(line), CancellationToken.None);
        }), options);
    }

    private static async Task<LabImageReferences> Reported(Func<Task<LabImageReferences>> build)
    {
        try
        {
            return await build();
        }
        catch (Exception e) when (e is DockerOperationException or RegistryCredentialsException or InvalidOperationException or Docker.DotNet.DockerApiException or HttpRequestException)
        {
            // The build's, the import's, the push's or the Trainer's own message is the useful part; a stack trace is not.
            throw new RunException(e.Message);
        }
    }
}
