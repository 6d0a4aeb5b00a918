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
    public static PredictorSettings FromEnvironment(EnvReader env, string workingDirectory) => Read(SettingReader.Environment(env), workingDirectory);

    /// <summary>Every setting of <see cref="PredictorCatalogue"/> as <paramref name="settings"/> names them (the environment, or the stack's keys).</summary>
    public static PredictorSettings Read(SettingReader settings, string workingDirectory) => new(
        settings.Read(PredictorCatalogue.Port),
        Path.GetFullPath(settings.Read(PredictorCatalogue.ModelDir), workingDirectory),
        settings.Read(PredictorCatalogue.BootstrapModelDir) is { } bootstrap ? Path.GetFullPath(bootstrap, workingDirectory) : null,
        ReplicaMapping.Read(settings),
        settings.Read(RecommendationCatalogue.ProvisionQuantile),
        settings.Read(PredictorCatalogue.ModelCheckInterval),
        settings.Read(PredictorCatalogue.ModelVersion))
    {
        ModelsDirectory = settings.Read(PredictorCatalogue.ModelsDir) is { } models ? Path.GetFullPath(models, workingDirectory) : null,
    };

    /// <summary>
    /// The Predictor as the cluster runs it, from the settings the stack's keys set: the model store mounted at
    /// <see cref="Defaults.ModelStoreMountPath"/>, the image's baked model as the bootstrap while the store is empty.
    /// </summary>
    public PredictorSettings InCluster() => this with
    {
        Port = PredictorCatalogue.Port.Default,
        ModelDirectory = Defaults.ModelStoreMountPath,
        BootstrapModelDirectory = Defaults.ImageModelDir,
    };

    /// <summary>
    /// The same settings as environment variables (name, value), every one spelt out but those that are off when
    /// unset, in a form <see cref="FromEnvironment"/> reads back to an equal value.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToEnvironment() =>
    [
        PredictorCatalogue.Port.Write(Port),
        PredictorCatalogue.ModelDir.Write(ModelDirectory),
        .. PredictorCatalogue.BootstrapModelDir.WriteIfSet(BootstrapModelDirectory),
        RecommendationCatalogue.MinReplicas.Write(Mapping.MinReplicas),
        RecommendationCatalogue.MaxReplicas.Write(Mapping.MaxReplicas),
        RecommendationCatalogue.CpuLow.Write(Mapping.CpuLow),
        RecommendationCatalogue.CpuHigh.Write(Mapping.CpuHigh),
        RecommendationCatalogue.ProvisionQuantile.Write(ProvisionQuantile),
        PredictorCatalogue.ModelCheckInterval.Write(ModelCheckInterval),
        .. PredictorCatalogue.ModelVersion.WriteIfSet(PinnedModelVersion),
        .. PredictorCatalogue.ModelsDir.WriteIfSet(ModelsDirectory),
    ];
}
