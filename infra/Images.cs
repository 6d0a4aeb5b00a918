using LabA.Deployment.Images;
using Pulumi;

namespace LabA.Infra;

/// <summary>
/// The predictor and scaler images: content-addressed tags always (so a preview shows whether they change), built
/// with Docker and loaded into the kind node only on a real update, once the node exists. The build's output goes
/// to the Pulumi log and a failed build fails the update with the build's own error.
/// </summary>
public sealed class Images : ComponentResource
{
    public Images(string name, IImagePipeline pipeline, Output<string> nodeContainer, ComponentResourceOptions? options = null)
        : base("lab-a:index:Images", name, options)
    {
        PlannedReferences = pipeline.Plan();
        if (Pulumi.Deployment.Instance.IsDryRun)
        {
            Predictor = Output.Create(PlannedReferences.Predictor);
            Scaler = Output.Create(PlannedReferences.Scaler);
        }
        else
        {
            var built = nodeContainer.Apply(node => pipeline.BuildAndLoadAsync(node, line => Log.Info(line, this), CancellationToken.None));
            Predictor = built.Apply(references => references.Predictor);
            Scaler = built.Apply(references => references.Scaler);
        }
        RegisterOutputs(new Dictionary<string, object?> { ["predictor"] = Predictor, ["scaler"] = Scaler });
    }

    /// <summary>The tags of the context as it is now (before any training on this update).</summary>
    public LabImageReferences PlannedReferences { get; }

    /// <summary>The predictor image, resolved once it is loaded into the node.</summary>
    public Output<string> Predictor { get; }

    public Output<string> Scaler { get; }
}
