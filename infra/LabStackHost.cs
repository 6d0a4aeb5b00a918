using LabA.Deployment.Cluster;
using LabA.Deployment.Images;

namespace LabA.Infra;

/// <summary>What the program reaches outside Pulumi: Docker for the images and the kind node, and the user's Docker config.</summary>
public sealed record LabStackHost(IImagePipeline Images, IKindNodeObserver KindNodes, string DockerConfigPath);
