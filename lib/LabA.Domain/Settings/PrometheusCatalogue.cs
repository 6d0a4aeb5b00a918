namespace LabA.Domain.Settings;

/// <summary>
/// The credentials of a Prometheus behind auth, each declared once: the Prometheus client of the Scaler, the retrain
/// job and the Trainer reads them, the stack writes them from <c>lab-a:prometheusAuth</c> (files of a mounted Secret,
/// never the secret itself), and docs/settings.md's table of them is generated from <see cref="All"/>.
/// </summary>
public static class PrometheusCatalogue
{
    public static readonly Setting<string?> Username = Setting.OptionalText("PROMETHEUS_USERNAME",
        "with `PROMETHEUS_PASSWORD_FILE`: Prometheus is asked with HTTP basic auth as this user");

    public static readonly Setting<string?> PasswordFile = Setting.OptionalText("PROMETHEUS_PASSWORD_FILE",
        "a file holding the basic-auth password (in the cluster the mounted Secret `lab-a-prometheus-auth`); never the password itself");

    public static readonly Setting<string?> BearerTokenFile = Setting.OptionalText("PROMETHEUS_BEARER_TOKEN_FILE",
        "a file holding a bearer token for Prometheus (in the cluster the mounted Secret `lab-a-prometheus-auth`); not with `PROMETHEUS_PASSWORD_FILE`");

    public static IReadOnlyList<Setting> All { get; } = [Username, PasswordFile, BearerTokenFile];
}
