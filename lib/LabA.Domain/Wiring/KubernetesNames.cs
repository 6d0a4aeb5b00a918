using System.Text.RegularExpressions;
using LabA.Domain.Settings;

namespace LabA.Domain.Wiring;

/// <summary>
/// The two shapes of Kubernetes object name (RFC 1123) and the in-cluster DNS name of a Service, checked and built once:
/// the Scaler, the stack and the Predictor's address all name objects, and Kubernetes would refuse a bad name only
/// after something was already asked or created.
/// </summary>
public static partial class KubernetesNames
{
    /// <summary>A namespace or Service name: a DNS label.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>A Deployment, ConfigMap or Secret name: a DNS subdomain.</summary>
    public const int MaxSubdomainLength = 253;

    /// <summary><paramref name="value"/> when it is a DNS label of at most <paramref name="maxLength"/> characters; else a <see cref="SettingsException"/> naming <paramref name="key"/>.</summary>
    public static string DnsLabel(string key, string value, int maxLength = MaxLabelLength)
    {
        if (value.Length > maxLength || !DnsLabelPattern().IsMatch(value))
            throw new SettingsException(key, $"'{value}' is not a valid Kubernetes name (lower-case letters, digits and '-', at most {maxLength} characters)");
        return value;
    }

    /// <summary><paramref name="value"/> when it is a DNS subdomain; else a <see cref="SettingsException"/> naming <paramref name="key"/>.</summary>
    public static string DnsSubdomain(string key, string value)
    {
        if (value.Length > MaxSubdomainLength || !DnsSubdomainPattern().IsMatch(value))
            throw new SettingsException(key, $"'{value}' is not a valid Kubernetes name (lower-case letters, digits, '-' and '.', at most {MaxSubdomainLength} characters)");
        return value;
    }

    /// <summary>The cluster DNS name of Service <paramref name="service"/> in <paramref name="namespace"/>.</summary>
    public static string ServiceHost(string service, string @namespace) => $"{service}.{@namespace}.svc.cluster.local";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabelPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomainPattern();
}
