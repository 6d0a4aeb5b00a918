namespace LabA.Deployment.Images;

/// <summary>What one push did: the reference it pushed, the manifest digest the registry holds, and the layer counts.</summary>
public sealed record PushedImage(string Reference, string Digest, int LayersUploaded, int LayersAlreadyThere);
