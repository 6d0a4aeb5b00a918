namespace LabA.Deployment.Images;

/// <summary>One image to build: a Dockerfile in a context, the repository to tag it in, build arguments and target stage.</summary>
public sealed record ImageBuildRequest(
    string ContextDirectory,
    string Dockerfile,
    string Repository,
    IReadOnlyDictionary<string, string> BuildArgs,
    string? Target = null)
{
    /// <summary>Tags are the first 12 hex digits of the context hash: an unchanged context keeps its tag and is not rolled out.</summary>
    public const int TagLength = 12;

    public BuildContext ScanContext() => BuildContext.Scan(ContextDirectory, Dockerfile);

    public string ReferenceFor(BuildContext context) => $"{Repository}:{context.ContentHash(BuildArgs, Target)[..TagLength]}";
}
