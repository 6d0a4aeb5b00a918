using System.Text;
using System.Text.Json;
using LabA.Deployment.Settings;

namespace LabA.Deployment.Images;

/// <summary>
/// A registry login; its text form hides the password, so it cannot reach a log by accident. <see cref="Resolve"/>
/// finds the one a push uses: the stack's <c>lab-a:registryUsername</c> and <c>lab-a:registryPassword</c> when set,
/// else the <c>auths</c> entry of the user's Docker config (what <c>docker login</c> writes: base64 of
/// user:password), else none (an anonymous push). Credential helpers (<c>credsStore</c>, <c>credHelpers</c>) are
/// not called.
/// </summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    public override string ToString() => $"{Username}:***";

    /// <summary>Docker Hub's credentials are filed under its v1 index URL, whatever host name the image uses.</summary>
    private const string DockerHubKey = "https://index.docker.io/v1/";

    private static readonly string[] DockerHubHosts = ["docker.io", "index.docker.io", "registry-1.docker.io"];

    /// <summary>The config file the docker CLI reads: <c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>.</summary>
    public static string DockerConfigPath(Func<string, string?> environment) =>
        environment("DOCKER_CONFIG") is { Length: > 0 } directory
            ? Path.Combine(directory, "config.json")
            : Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "config.json");

    /// <param name="stackUsername">lab-a:registryUsername; set together with <paramref name="stackPassword"/> or not at all (the settings check that).</param>
    public static RegistryLogin Resolve(RegistryReference registry, string? stackUsername, string? stackPassword, string dockerConfigPath)
    {
        if (stackUsername is not null && stackPassword is not null)
            return new(new RegistryCredentials(stackUsername, stackPassword),
                $"{StackKeys.Qualified(StackKeys.RegistryUsername)} and {StackKeys.Qualified(StackKeys.RegistryPassword)}");
        if (!File.Exists(dockerConfigPath)) return new(null, $"none (no {dockerConfigPath}): pushing anonymously");

        JsonDocument config;
        try
        {
            config = JsonDocument.Parse(File.ReadAllText(dockerConfigPath));
        }
        catch (JsonException e)
        {
            throw new RegistryCredentialsException($"{dockerConfigPath} is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        using (config)
        {
            var root = config.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new RegistryCredentialsException($"{dockerConfigPath}: the top level is not a JSON object");
            if (FindAuth(root, registry.Host) is { } entry)
                return new(Decode(entry.Value, dockerConfigPath, entry.Key), $"{dockerConfigPath} (auths.\"{entry.Key}\")");
            if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object &&
                helpers.TryGetProperty(registry.Host, out var helper))
                throw new RegistryCredentialsException(
                    $"{dockerConfigPath}: the credentials for {registry.Host} are kept by docker-credential-{helper.GetString()}, which LabA does not call; " +
                    $"set {StackKeys.Qualified(StackKeys.RegistryUsername)} and (with --secret) {StackKeys.Qualified(StackKeys.RegistryPassword)} instead");
            var store = root.TryGetProperty("credsStore", out var credsStore) ? $"; its credsStore '{credsStore.GetString()}' is not read" : "";
            return new(null, $"none for {registry.Host} in {dockerConfigPath}{store}: pushing anonymously");
        }
    }

    private static KeyValuePair<string, JsonElement>? FindAuth(JsonElement root, string host)
    {
        if (!root.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object) return null;
        var isDockerHub = DockerHubHosts.Contains(host);
        foreach (var entry in auths.EnumerateObject())
        {
            // docker login files entries under the bare host, older clients under a URL with a scheme and a path.
            var key = entry.Name;
            var keyHost = Uri.TryCreate(key, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url.Authority : key.TrimEnd('/');
            if (string.Equals(keyHost, host, StringComparison.OrdinalIgnoreCase) || (isDockerHub && key == DockerHubKey))
                return new(key, entry.Value);
        }
        return null;
    }

    private static RegistryCredentials Decode(JsonElement entry, string path, string key)
    {
        if (entry.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                throw new RegistryCredentialsException($"{path}: auths.\"{key}\".auth is not base64");
            }
            var colon = decoded.IndexOf(':');
            if (colon <= 0) throw new RegistryCredentialsException($"{path}: auths.\"{key}\".auth does not decode to user:password");
            return new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..]);
        }
        if (entry.TryGetProperty("username", out var user) && entry.TryGetProperty("password", out var password) &&
            user.GetString() is { Length: > 0 } name && password.GetString() is { } secret)
            return new RegistryCredentials(name, secret);
        if (entry.TryGetProperty("identitytoken", out _))
            throw new RegistryCredentialsException($"{path}: auths.\"{key}\" holds an identity token, which LabA does not use; " +
                $"set {StackKeys.Qualified(StackKeys.RegistryUsername)} and {StackKeys.Qualified(StackKeys.RegistryPassword)} instead");
        throw new RegistryCredentialsException($"{path}: auths.\"{key}\" has neither auth nor username and password");
    }
}
