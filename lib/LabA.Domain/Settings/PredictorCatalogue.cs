using LabA.Domain.Wiring;

namespace LabA.Domain.Settings;

/// <summary>
/// Every setting of the Predictor, each declared once: <see cref="PredictorSettings"/> reads and writes them through
/// these, the stack sets those with a stack key, and docs/settings.md's Predictor table is generated from <see cref="All"/>.
/// </summary>
public static class PredictorCatalogue
{
    /// <summary>Card versions are short tokens such as 20250120T101500Z-3fa2c1d0.</summary>
    private const int MaxModelVersionLength = 128;

    public static readonly Setting<int> Port = Setting.Int("PORT", 8080, "Kestrel's port", min: 1, max: 65535);

    public static readonly Setting<string> ModelDir = Setting.Text("MODEL_DIR", "model",
        "where `model.zip` and `model.json` are (against the working directory, as the Trainer's `--out`); watched for a new model. "
        + "In the cluster `/app/store`, the `lab-a-model` ConfigMap volume");

    public static readonly Setting<string?> ModelsDir = Setting.OptionalText("MODELS_DIR",
        "workloads mode: one model directory per model name (`MODELS_DIR/<model>/model.zip` and `model.json`), each verified, hot-reloaded "
        + "and served at `/workloads/<model>/predict` and `/workloads/<model>/model`. In the cluster `/app/models`, one `lab-a-model-<model>` "
        + "ConfigMap each");

    public static readonly Setting<string?> BootstrapModelDir = Setting.OptionalText("BOOTSTRAP_MODEL_DIR",
        "served while `MODEL_DIR` holds no model (an empty model store on a fresh cluster). In the cluster `/app/model`, baked into the image");

    /// <summary>
    /// Five seconds is well inside the 10 s a swap may go unseen, and cheap (it hashes two files of about 120 KB); below
    /// 0.1 s the check would keep a core busy for nothing.
    /// </summary>
    public static readonly Setting<TimeSpan> ModelCheckInterval = Setting.Duration("MODEL_CHECK_INTERVAL", TimeSpan.FromSeconds(5),
        "how often `MODEL_DIR` is checked for a new model: a model published into the store is served within the maximum",
        min: TimeSpan.FromMilliseconds(100), max: TimeSpan.FromSeconds(10));

    public static readonly Setting<string?> ModelVersion = Setting.OptionalText("MODEL_VERSION",
        "when set, only a model of this card version is served; any other is refused and the pinned one keeps serving",
        CheckModelVersion, stackKey: "modelVersion");

    public static IReadOnlyList<Setting> All { get; } =
    [
        ModelDir, ModelsDir, BootstrapModelDir, ModelCheckInterval, ModelVersion, Port,
        RecommendationCatalogue.MinReplicas, RecommendationCatalogue.MaxReplicas, RecommendationCatalogue.CpuLow, RecommendationCatalogue.CpuHigh,
        RecommendationCatalogue.ProvisionQuantile,
    ];

    private static string CheckModelVersion(string key, string text)
    {
        var version = text.Trim();
        if (version.Length > MaxModelVersionLength || version.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new SettingsException(key,
                $"'{(version.Length > 40 ? version[..40] + "..." : version)}' is not a model version (a card's \"version\", e.g. 20250120T101500Z-3fa2c1d0)");
        return version;
    }
}
