using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Settings;

/// <summary>
/// The <c>lab-a:prometheusAuth</c> key: <c>basic:&lt;username&gt;</c> or <c>bearer</c>. The password or token is the
/// Pulumi secret <c>lab-a:prometheusSecret</c>; the stack puts it in a Kubernetes Secret that the Scaler and the retrain
/// job mount as a file and name in <see cref="FileVariable"/>, so it is never in env, in a URL or in a log.
/// </summary>
public sealed record PrometheusAuth(PrometheusAuthKind Kind, string? Username)
{
    public const string BasicPrefix = "basic:";
    public const string Bearer = "bearer";
    /// <summary>Where the Secret is mounted in the Scaler's and the retrain job's containers.</summary>
    public const string MountPath = "/var/run/secrets/lab-a/prometheus";

    /// <summary>The Secret's one key, also the mounted file's name.</summary>
    public string SecretKey => Kind == PrometheusAuthKind.Basic ? "password" : "token";

    /// <summary>The variable that names the mounted file to the Prometheus client.</summary>
    public string FileVariable => Kind == PrometheusAuthKind.Basic ? PrometheusCatalogue.PasswordFile.Env : PrometheusCatalogue.BearerTokenFile.Env;

    /// <summary>What the jobs' env gains: the username, when there is one, and the path of the mounted file; never the secret.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment =>
        Username is { } user
            ? [PrometheusCatalogue.Username.Write(user), new(FileVariable, $"{MountPath}/{SecretKey}")]
            : [new(FileVariable, $"{MountPath}/{SecretKey}")];

    public static PrometheusAuth Parse(string key, string value)
    {
        if (value == Bearer) return new(PrometheusAuthKind.Bearer, null);
        if (value.StartsWith(BasicPrefix, StringComparison.Ordinal)
            && value[BasicPrefix.Length..] is { Length: > 0 } user && !user.Any(character => char.IsWhiteSpace(character) || char.IsControl(character) || character == ':'))
            return new(PrometheusAuthKind.Basic, user);
        throw new SettingsException(key, $"'{value}' is neither {BasicPrefix}<username> (basic auth, a username without ':' or spaces) nor {Bearer} (a bearer token)");
    }
}
