using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Monitoring;

/// <summary>
/// The Prometheus server the closed loop reads, from the community chart (prometheus-community/prometheus) with its
/// version pinned: the server alone, scraping static targets, under the Pod Security "restricted" profile.
/// </summary>
public static class PrometheusChart
{
    public const string Chart = "prometheus";
    /// <summary>Pinned, so a `pulumi up` next month renders the same objects; its appVersion is Prometheus v3.4.1.</summary>
    public const string Version = "27.19.0";
    public const string Repository = "https://prometheus-community.github.io/helm-charts";

    /// <summary>
    /// How long samples are kept. The retrain job reads 14 days of history (its default range); a day more leaves it
    /// a whole window while the oldest block waits for deletion. A longer lab-a:retrainRange is refused: it would read
    /// history this server no longer holds.
    /// </summary>
    public static readonly TimeSpan RetentionPeriod = TimeSpan.FromDays(15);
    /// <summary><see cref="RetentionPeriod"/> as the chart's server.retention value.</summary>
    public static string Retention => Durations.FormatWithDays(RetentionPeriod);
    /// <summary><see cref="Defaults.ScrapeInterval"/> as the chart's global scrape_interval.</summary>
    public static string ScrapeInterval => Durations.Format(Defaults.ScrapeInterval);

    /// <summary>The user of the prometheus image (nobody), as the chart runs it; an int, as Helm values carry numbers.</summary>
    public const int PrometheusUser = 65534;

    public static PrometheusChartPlan Plan(string @namespace, IReadOnlyList<ScrapeTarget> targets) => new(
        Chart, Version, Repository, ReleaseName: Names.Prometheus, @namespace, Values(targets), targets);

    private static IReadOnlyDictionary<string, object> Values(IReadOnlyList<ScrapeTarget> targets) => new Dictionary<string, object>
    {
        // The server only: the Scaler reads one gauge, nothing needs alerts, a pushgateway or cluster-wide exporters.
        ["alertmanager"] = Enabled(false),
        ["kube-state-metrics"] = Enabled(false),
        ["prometheus-node-exporter"] = Enabled(false),
        ["prometheus-pushgateway"] = Enabled(false),
        // Static targets need no Kubernetes service discovery, so the server gets no ClusterRole: its ServiceAccount
        // (of its own, bound to nothing) can read nothing of the API.
        ["rbac"] = Map(("create", false)),
        ["configmapReload"] = Map(("prometheus", Map(
            ("containerSecurityContext", RestrictedContainer()),
            ("resources", Resources("10m", "16Mi", "100m", "64Mi"))))),
        ["server"] = Map(
            // The Scaler's and the retrain job's PROMETHEUS_URL names this Service; pinned rather than derived from the release name.
            ("fullnameOverride", Names.PrometheusServer),
            ("retention", Retention),
            // The lab's history is synthetic and regenerated at will: an emptyDir (lost with the pod) needs no
            // StorageClass, which kind and many existing clusters' namespaces do not offer.
            ("persistentVolume", Enabled(false)),
            ("emptyDir", Map(("sizeLimit", "2Gi"))),
            ("global", Map(("scrape_interval", ScrapeInterval), ("scrape_timeout", "10s"), ("evaluation_interval", "1m"))),
            ("securityContext", Map(
                ("runAsNonRoot", true),
                ("runAsUser", PrometheusUser),
                ("runAsGroup", PrometheusUser),
                ("fsGroup", PrometheusUser),
                ("seccompProfile", Map(("type", "RuntimeDefault"))))),
            ("containerSecurityContext", RestrictedContainer()),
            ("resources", Resources("100m", "256Mi", "500m", "1Gi")),
            ("podLabels", Map((Labels.PartOf, Names.Project)))),
        ["serverFiles"] = Map(("prometheus.yml", Map(("scrape_configs", ScrapeConfigs(targets))))),
    };

    /// <summary>Replaces the chart's default jobs (all of them Kubernetes service discovery) with the lab's own.</summary>
    private static List<object> ScrapeConfigs(IReadOnlyList<ScrapeTarget> targets) =>
    [
        Job("prometheus", "localhost:9090"),
        .. targets.Select(target => Job(target.Job, target.Address)),
    ];

    private static Dictionary<string, object> Job(string name, string address) => Map(
        ("job_name", name),
        ("metrics_path", "/metrics"),
        ("static_configs", new List<object> { Map(("targets", new List<object> { address })) }));

    private static Dictionary<string, object> RestrictedContainer() => Map(
        ("allowPrivilegeEscalation", false),
        ("readOnlyRootFilesystem", true),
        ("capabilities", Map(("drop", new List<object> { "ALL" }))));

    private static Dictionary<string, object> Resources(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => Map(
        ("requests", Map(("cpu", cpuRequest), ("memory", memoryRequest))),
        ("limits", Map(("cpu", cpuLimit), ("memory", memoryLimit))));

    private static Dictionary<string, object> Enabled(bool enabled) => Map(("enabled", enabled));

    private static Dictionary<string, object> Map(params (string Key, object Value)[] entries) =>
        entries.ToDictionary(entry => entry.Key, entry => entry.Value);
}
