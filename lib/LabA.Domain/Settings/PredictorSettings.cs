using System.Globalization;
using LabA.Domain.Scaling;
using LabA.Domain.Wiring;

namespace LabA.Domain.Settings;

/// <summary>
/// Everything the Predictor reads from its environment (<see cref="FromEnvironment"/>) and the same written back to it
/// (<see cref="ToEnvironment"/>): the Predictor reads with the first, the infra program wires the Deployment with the
/// second, so a setting cannot be spelt or defaulted two ways.
/// </summary>
/// <param name="Port">Where Kestrel listens.</param>
/// <param name="ModelDirectory">MODEL_DIR, absolute: the model served, checked every <paramref name="ModelCheckInterval"/> for a new one.</param>
/// <param name="BootstrapModelDirectory">BOOTSTRAP_MODEL_DIR, absolute, or null: served while MODEL_DIR holds no model.</param>
/// <param name="Mapping">The replica mapping recommendations use, the Scaler's own.</param>
/// <param name="ProvisionQuantile">The quantile of the model's errors recommendations provision for.</param>
/// <param name="ModelCheckInterval">How often MODEL_DIR is checked for a new model.</param>
/// <param name="PinnedModelVersion">MODEL_VERSION, or null: when set, a model of any other version is refused.</param>
public sealed record PredictorSettings(
    int Port,
    string ModelDirectory,
    string? BootstrapModelDirectory,
    ReplicaMapping Mapping,
    ProvisioningQuantile ProvisionQuantile,
    TimeSpan ModelCheckInterval,
    string? PinnedModelVersion)
{
    /// <summary>Below this the check (hashing the model's files) would keep a core busy for nothing.</summary>
    public static readonly TimeSpan MinModelCheckInterval = TimeSpan.FromMilliseconds(100);
    /// <summary>Card versions are short tokens such as 20250120T101500Z-3fa2c1d0.</summary>
    public const int MaxModelVersionLength = 128;

    /// <summary>
    /// MODELS_DIR, absolute, or null: workloads mode, one model directory per model name, each served at
    /// <c>/workloads/&lt;model&gt;/</c> beside the single model of <see cref="ModelDirectory"/>.
    /// </summary>
    public string? ModelsDirectory { get; init; }

    /// <summary>
    /// Reads and validates every setting; a <see cref="SettingsException"/> names the first bad variable. A relative
    /// <c>MODEL_DIR</c> (or <c>BOOTSTRAP_MODEL_DIR</c>) is taken against <paramref name="workingDirectory"/>, as the
    /// Trainer's <c>--out</c> is: <c>dotnet run --project app/Predictor</c> at the repository root serves the
    /// <c>model/</c> that <c>dotnet run --project app/Trainer</c> wrote there.
    /// </summary>
    public static PredictorSettings FromEnvironment(EnvReader env, string workingDirectory) => new(
        env.Int(EnvVars.Port, Defaults.PredictorPort, min: 1, max: 65535),
        Path.GetFullPath(env.String(EnvVars.ModelDir, Defaults.ModelDir), workingDirectory),
        env.String(EnvVars.BootstrapModelDir, "") is { Length: > 0 } bootstrap ? Path.GetFullPath(bootstrap, workingDirectory) : null,
        ReplicaMapping.FromEnvironment(env),
        ProvisioningQuantile.FromEnvironment(env),
        env.Duration(EnvVars.ModelCheckInterval, Defaults.ModelCheckInterval, min: MinModelCheckInterval, max: Defaults.MaxModelCheckInterval),
        ModelVersion(env.String(EnvVars.ModelVersion, "")))
    {
        ModelsDirectory = env.String(EnvVars.ModelsDir, "") is { Length: > 0 } models ? Path.GetFullPath(models, workingDirectory) : null,
    };

    /// <summary>
    /// The Predictor as the cluster runs it: the model store mounted at <see cref="Defaults.ModelStoreMountPath"/>, the
    /// image's baked model as the bootstrap while the store is empty.
    /// </summary>
    public static PredictorSettings InCluster(ReplicaMapping mapping, ProvisioningQuantile provisionQuantile, string? pinnedModelVersion = null) => new(
        Defaults.PredictorPort, Defaults.ModelStoreMountPath, Defaults.ImageModelDir, mapping, provisionQuantile,
        Defaults.ModelCheckInterval, pinnedModelVersion is null ? null : ModelVersion(pinnedModelVersion));

    /// <summary>
    /// The same settings as environment variables (name, value), every one spelt out but the two that are off when
    /// unset, in a form <see cref="FromEnvironment"/> reads back to an equal value.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToEnvironment() =>
    [
        new(EnvVars.Port, Port.ToString(CultureInfo.InvariantCulture)),
        new(EnvVars.ModelDir, ModelDirectory),
        .. BootstrapModelDirectory is null ? [] : new KeyValuePair<string, string>[] { new(EnvVars.BootstrapModelDir, BootstrapModelDirectory) },
        new(EnvVars.MinReplicas, Mapping.MinReplicas.ToString(CultureInfo.InvariantCulture)),
        new(EnvVars.MaxReplicas, Mapping.MaxReplicas.ToString(CultureInfo.InvariantCulture)),
        new(EnvVars.CpuLow, Mapping.CpuLow.ToString("R", CultureInfo.InvariantCulture)),
        new(EnvVars.CpuHigh, Mapping.CpuHigh.ToString("R", CultureInfo.InvariantCulture)),
        new(EnvVars.ProvisionQuantile, ProvisionQuantile.ToString()),
        new(EnvVars.ModelCheckInterval, Durations.Format(ModelCheckInterval)),
        .. PinnedModelVersion is null ? [] : new KeyValuePair<string, string>[] { new(EnvVars.ModelVersion, PinnedModelVersion) },
        .. ModelsDirectory is null ? [] : new KeyValuePair<string, string>[] { new(EnvVars.ModelsDir, ModelsDirectory) },
    ];

    private static string? ModelVersion(string text)
    {
        var version = text.Trim();
        if (version.Length == 0) return null;
        if (version.Length > MaxModelVersionLength || version.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new SettingsException(EnvVars.ModelVersion,
                $"'{(version.Length > 40 ? version[..40] + "..." : version)}' is not a model version (a card's \"version\", e.g. 20250120T101500Z-3fa2c1d0)");
        return version;
    }
}
