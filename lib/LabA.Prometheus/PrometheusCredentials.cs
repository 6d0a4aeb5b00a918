using System.Net.Http.Headers;
using System.Text;
using LabA.Domain.Settings;

namespace LabA.Prometheus;

/// <summary>
/// Credentials for a Prometheus behind auth, read from files (a mounted Kubernetes Secret) named in env: a bearer token
/// (<c>PROMETHEUS_BEARER_TOKEN_FILE</c>) or basic auth (<c>PROMETHEUS_USERNAME</c> and
/// <c>PROMETHEUS_PASSWORD_FILE</c>). The secret itself is never in env, and no message quotes a file's
/// content (<see cref="PrometheusCatalogue"/>). Read when a client is made: each Scaler or retrain run is a new process, so a rotated Secret is picked up.
/// </summary>
public static class PrometheusCredentials
{
    /// <summary>The Authorization header the process' env asks for, or null for none.</summary>
    public static AuthenticationHeaderValue? FromEnvironment() => From(Environment.GetEnvironmentVariable);

    public static AuthenticationHeaderValue? From(Func<string, string?> env)
    {
        var tokenFile = Set(env(PrometheusCatalogue.BearerTokenFile.Env));
        var passwordFile = Set(env(PrometheusCatalogue.PasswordFile.Env));
        if (tokenFile is not null && passwordFile is not null)
            throw new PrometheusException($"both {PrometheusCatalogue.BearerTokenFile.Env} and {PrometheusCatalogue.PasswordFile.Env} are set; " +
                "Prometheus takes one kind of credentials, unset the other");
        if (tokenFile is not null) return new AuthenticationHeaderValue("Bearer", Read(PrometheusCatalogue.BearerTokenFile.Env, tokenFile));
        if (passwordFile is null) return null;
        var username = Set(env(PrometheusCatalogue.Username.Env))
            ?? throw new PrometheusException($"{PrometheusCatalogue.PasswordFile.Env} is set but {PrometheusCatalogue.Username.Env} is not: basic auth needs both");
        var password = Read(PrometheusCatalogue.PasswordFile.Env, passwordFile);
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
    }

    private static string? Set(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The file's one line (a trailing newline, as <c>echo</c> or an editor leaves it, dropped).</summary>
    private static string Read(string variable, string path)
    {
        string content;
        try
        {
            content = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PrometheusException($"{variable} {path}: cannot read the file ({e.GetType().Name}); is the Secret mounted there?");
        }
        var secret = content.TrimEnd('\r', '\n');
        if (secret.Length == 0) throw new PrometheusException($"{variable} {path}: the file is empty");
        if (secret.Any(char.IsControl))
            throw new PrometheusException($"{variable} {path}: the file holds more than one line; it must hold the secret alone");
        return secret;
    }
}
