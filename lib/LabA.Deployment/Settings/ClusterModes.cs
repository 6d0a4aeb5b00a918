using LabA.Domain.Settings;

namespace LabA.Deployment.Settings;

public static class ClusterModes
{
    public const string Kind = "kind";
    public const string Existing = "existing";

    public static ClusterMode Parse(string key, string value) => value switch
    {
        Kind => ClusterMode.Kind,
        Existing => ClusterMode.Existing,
        _ => throw new SettingsException(key, $"'{value}' is not a cluster mode (write {Kind} or {Existing})"),
    };

    public static string Format(ClusterMode mode) => mode == ClusterMode.Kind ? Kind : Existing;
}
