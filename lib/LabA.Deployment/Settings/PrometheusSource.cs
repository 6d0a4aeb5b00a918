using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Settings;

/// <summary>
/// The <c>lab-a:prometheus</c> key: <c>install</c> (the chart in the lab's namespace), the http(s) URL of an existing
/// Prometheus, or <c>off</c>.
/// </summary>
/// <param name="ExistingUrl">The URL given; null unless <see cref="Mode"/> is <see cref="PrometheusMode.Existing"/>.</param>
public sealed record PrometheusSource(PrometheusMode Mode, Uri? ExistingUrl)
{
    public const string Install = "install";
    public const string Off = "off";

    public static PrometheusSource Installed { get; } = new(PrometheusMode.Install, null);

    public static PrometheusSource Parse(string key, string value)
    {
        if (value == Install) return Installed;
        if (value == Off) return new(PrometheusMode.Off, null);
        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && url.Host.Length > 0 && url.Query.Length == 0 && url.Fragment.Length == 0)
        {
            // The URL goes into two CronJobs' plain env and the stack's outputs: a credential in it would be readable by anyone who can read a pod.
            if (url.UserInfo.Length > 0)
                throw new SettingsException(key, $"'{UrlRedaction.Redact(value)}' holds credentials, which would be plain env in the Scaler's and the retrain job's pods; " +
                    $"give the URL without them and set {StackKeys.Qualified(StackKeys.PrometheusAuth)} basic:<username> (or bearer) and " +
                    $"pulumi config set --secret {StackKeys.Qualified(StackKeys.PrometheusSecret)} <password or token>");
            return new(PrometheusMode.Existing, url);
        }
        throw new SettingsException(key, $"'{UrlRedaction.Redact(value)}' is neither {Install}, {Off} nor an http(s) URL of a Prometheus (e.g. http://prometheus.monitoring.svc.cluster.local:9090)");
    }

    /// <summary>What the Scaler and the retrain job query: the installed server's Service, the URL given, or null for the open loop.</summary>
    public Uri? UrlIn(string @namespace) => Mode switch
    {
        PrometheusMode.Install => new Uri($"http://{KubernetesNames.ServiceHost(Names.PrometheusServer, @namespace)}"),
        PrometheusMode.Existing => ExistingUrl,
        _ => null,
    };

    public override string ToString() => Mode switch
    {
        PrometheusMode.Install => Install,
        PrometheusMode.Existing => UrlRedaction.Redact(ExistingUrl!),
        _ => Off,
    };
}
