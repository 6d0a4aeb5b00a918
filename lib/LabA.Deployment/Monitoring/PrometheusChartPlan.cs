namespace LabA.Deployment.Monitoring;

/// <summary>The community prometheus chart as the stack installs it: the pinned chart and the values it renders with.</summary>
/// <param name="Values">Nested maps (string keys), lists and scalars, as a Helm values file holds them.</param>
public sealed record PrometheusChartPlan(
    string Chart,
    string Version,
    string Repository,
    string ReleaseName,
    string Namespace,
    IReadOnlyDictionary<string, object> Values,
    IReadOnlyList<ScrapeTarget> Targets);
