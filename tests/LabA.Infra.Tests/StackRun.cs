namespace LabA.Infra.Tests;

public sealed record StackRun(IReadOnlyList<RegisteredResource> Resources, IDictionary<string, object?> Outputs, RecordingImagePipeline Images)
{
    public IEnumerable<RegisteredResource> OfType(string type) => Resources.Where(r => r.Type == type);

    public RegisteredResource Single(string type, string name) => Assert.Single(Resources, r => r.Type == type && r.Name == name);

    /// <summary>The Helm v4 Chart: a remote component, rendered by the provider into objects the test engine never sees.</summary>
    public const string HelmChart = "kubernetes:helm.sh/v4:Chart";

    /// <summary>
    /// Every Kubernetes object the program itself declares. The chart is left out: a component's provider travels in
    /// the request's providers map, which the test engine does not hand to mocks.
    /// </summary>
    public IEnumerable<RegisteredResource> KubernetesObjects =>
        Resources.Where(r => r.Type.StartsWith("kubernetes:", StringComparison.Ordinal) && r.Type != HelmChart);
}
