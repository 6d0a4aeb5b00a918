namespace LabA.Deployment.Images;

/// <summary>The references of the images the workloads run; the Trainer's runs the load source.</summary>
public sealed record LabImageReferences(string Predictor, string Scaler, string Trainer)
{
    /// <summary>The references these images get once pushed to <paramref name="registry"/>: what a preview shows for an existing cluster.</summary>
    public LabImageReferences In(RegistryReference registry) => new(registry.ImageFor(Predictor), registry.ImageFor(Scaler), registry.ImageFor(Trainer));
}
