namespace LabA.Deployment.Tests;

/// <summary>
/// Tests that build this repository's projects with the SDK outside the Docker collection run alone: the host publishes
/// of the image tests restore and build the same projects (the same obj/ folders) and would otherwise collide with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RepositoryBuildCollection
{
    public const string Name = "repository build";
}
