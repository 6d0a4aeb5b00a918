namespace LabA.Deployment.Images;

/// <summary>How the program gets its images: their content-addressed references, and building and loading (or pushing) them on a real update.</summary>
public interface IImagePipeline
{
    /// <summary>The references as the current context would tag them; computed without Docker, for previews.</summary>
    LabImageReferences Plan();

    /// <summary>Trains the model if missing, builds the images and loads them into the kind node.</summary>
    Task<LabImageReferences> BuildAndLoadAsync(string nodeContainer, Action<string> log, CancellationToken cancellationToken);

    /// <summary>Trains the model if missing, builds the images and pushes them to the registry an existing cluster pulls from.</summary>
    /// <returns>The pushed references (<see cref="RegistryReference.ImageFor"/> of the planned ones).</returns>
    Task<LabImageReferences> BuildAndPushAsync(RegistryReference registry, RegistryCredentials? credentials, Action<string> log, CancellationToken cancellationToken);
}
