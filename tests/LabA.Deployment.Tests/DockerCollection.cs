namespace LabA.Deployment.Tests;

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerFixture>
{
    /// <summary>One collection, so the image builds run one at a time on the shared engine.</summary>
    public const string Name = "docker";
}
