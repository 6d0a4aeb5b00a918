using System.Globalization;
using System.Text.RegularExpressions;
using LabA.Domain.Settings;

namespace LabA.Deployment.Images;

/// <summary>
/// Where an existing cluster pulls LabA's images from: a registry host (with its port) and an optional path under
/// it, as Docker spells it (<c>127.0.0.1:5000</c>, <c>registry.example.com/team</c>). The images keep their
/// repository and content-addressed tag under it: <c>registry.example.com/team/lab-a/predictor:0123456789ab</c>.
/// </summary>
public sealed partial record RegistryReference(string Host, string? Path)
{
    /// <summary>Parses a stack value; a value that Docker would not read as a registry fails naming <paramref name="key"/>.</summary>
    public static RegistryReference Parse(string key, string value)
    {
        var text = value.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
            throw new SettingsException(key, $"'{value}' is a URL; write the registry as host[:port][/path], e.g. 127.0.0.1:5000 or registry.example.com/team");
        var slash = text.IndexOf('/');
        var host = slash < 0 ? text : text[..slash];
        var path = slash < 0 ? null : text[(slash + 1)..].TrimEnd('/');

        var hostMatch = HostPattern().Match(host);
        if (!hostMatch.Success)
            throw new SettingsException(key, $"'{value}' does not start with a registry host (host[:port], e.g. 127.0.0.1:5000)");
        if (hostMatch.Groups["port"].Success &&
            (!int.TryParse(hostMatch.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535))
            throw new SettingsException(key, $"'{value}': port {hostMatch.Groups["port"].Value} is not between 1 and 65535");
        // Docker takes a first component with neither a dot nor a port (nor "localhost") for a Docker Hub namespace.
        if (!host.Contains('.') && !host.Contains(':') && host != "localhost")
            throw new SettingsException(key, $"'{value}': '{host}' names no registry host (Docker would read it as a Docker Hub namespace; write docker.io/{host} for that)");
        if (path is { Length: 0 }) path = null;
        if (path is not null && !path.Split('/').All(component => PathComponentPattern().IsMatch(component)))
            throw new SettingsException(key, $"'{value}': the path '{path}' is not a repository path (lower-case letters, digits and . _ - between slashes; no tag or digest)");
        return new RegistryReference(host.ToLowerInvariant(), path);
    }

    /// <summary>The reference <paramref name="localImage"/> (<c>lab-a/predictor:tag</c>) gets in this registry.</summary>
    public string ImageFor(string localImage) => $"{this}/{localImage}";

    public override string ToString() => Path is null ? Host : $"{Host}/{Path}";

    [GeneratedRegex("^(localhost|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)(:(?<port>[0-9]+))?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();
}
