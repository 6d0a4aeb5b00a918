using LabA.Deployment.Images;
using Pulumi;

namespace LabA.Infra;

/// <summary>
/// The predictor and scaler images: content-addressed tags always (so a preview shows whether they change), built
/// with Docker and loaded into the kind node only on a real update, once the node exists. The build's output goes
/// to the Pulumi log, and a failed build stops the update with the build's own error.
/// </summary>
public sealed class Images : ComponentResource
{
    private Images(string name, LabImageReferences references, ComponentResourceOptions? options)
        : base("lab-a:index:Images", name, options)
    {
        Predictor = references.Predictor;
        Scaler = references.Scaler;
        RegisterOutputs(new Dictionary<string, object?> { ["predictor"] = Predictor, ["scaler"] = Scaler });
    }

    public string Predictor { get; }

    public string Scaler { get; }

    /// <summary>
    /// Waits for the node on a real update and builds and loads there; awaited by the program itself (not hidden in an
    /// output), so a failure reaches the user as one message rather than a serializer's stack trace.
    /// </summary>
    public static async Task<Images> CreateAsync(string name, IImagePipeline pipeline, Output<string> nodeContainer, ComponentResourceOptions? options = null)
    {
        if (Pulumi.Deployment.Instance.IsDryRun) return new Images(name, pipeline.Plan(), options);
        var node = await nodeContainer.ValueAsync();
        try
        {
            return new Images(name, await pipeline.BuildAndLoadAsync(node, line => Log.Info(line), CancellationToken.None), options);
        }
        catch (Exception e) when (e is DockerOperationException or InvalidOperationException or Docker.DotNet.DockerApiException or HttpRequestException)
        {
            // The build's, the import's or the Trainer's own message is the useful part; a stack trace is not.
            throw new RunException(e.Message);
        }
    }
}

public static class OutputValues
{
    /// <summary>The value once known. Only for real updates: in a preview an output of a resource yet to be created never resolves.</summary>
    public static Task<T> ValueAsync<T>(this Output<T> output)
    {
        var value = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        output.Apply(known =>
        {
            value.TrySetResult(known);
            return known;
        });
        return value.Task;
    }
}
