using Tomlyn;
using Tomlyn.Model;

namespace LabA.Deployment.Images;

/// <summary>
/// The parts of a node's containerd configuration (the TOML of <c>containerd config dump</c>) that loading an image
/// depends on. kind reads the same key: an image imported into another snapshotter than the one the CRI plugin runs
/// pods from is listed by <c>ctr</c> but cannot be started.
/// </summary>
public static class ContainerdConfig
{
    /// <summary>Prints the configuration in force, defaults and imported files merged.</summary>
    public static IReadOnlyList<string> DumpCommand { get; } = ["containerd", "config", "dump"];

    /// <summary>The snapshotter the CRI plugin unpacks images into.</summary>
    /// <exception cref="FormatException">Not TOML, an unknown config version, or no snapshotter where that version keeps it.</exception>
    public static string Snapshotter(string configToml)
    {
        TomlTable config;
        try
        {
            config = TomlSerializer.Deserialize<TomlTable>(configToml) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new FormatException($"the containerd config is not valid TOML: {e.Message}");
        }
        if (!config.TryGetValue("version", out var versionValue) || versionValue is not long version)
            throw new FormatException("the containerd config has no version");
        // Version 2 came with containerd 1.3; versions 3 and 4 (containerd 2.0 and 2.1) moved image settings to their own plugin.
        string[] path = version switch
        {
            2 => ["plugins", "io.containerd.grpc.v1.cri", "containerd", "snapshotter"],
            3 or 4 => ["plugins", "io.containerd.cri.v1.images", "snapshotter"],
            _ => throw new FormatException($"unknown containerd config version {version} (known: 2, 3, 4)"),
        };
        object? value = config;
        foreach (var key in path)
            value = value is TomlTable table && table.TryGetValue(key, out var next) ? next : null;
        return value is string { Length: > 0 } snapshotter
            ? snapshotter
            : throw new FormatException($"the containerd config (version {version}) sets no {string.Join('.', path.Select(Quoted))}");
    }

    private static string Quoted(string key) => key.Contains('.') ? $"\"{key}\"" : key;
}
