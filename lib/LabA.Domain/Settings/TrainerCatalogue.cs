namespace LabA.Domain.Settings;

/// <summary>
/// The variables the Trainer reads, each declared once: the synthetic generator's knobs (<c>generate</c>,
/// <c>load-source</c>; an option of the same name wins over each), and the Scaler's own settings the retrain job is
/// handed so that it reads the history the Scaler observes. docs/settings.md's Trainer table is generated from <see cref="All"/>.
/// </summary>
public static class TrainerCatalogue
{
    public static readonly Setting<double> BaseLow = Setting.Double("BASE_LOW", 20, "CPU% of the night trough (04:00 UTC)");

    public static readonly Setting<double> BaseHigh = Setting.Double("BASE_HIGH", 80, "CPU% of the weekday afternoon peak (16:00 UTC)");

    public static readonly Setting<double> NoiseStd = Setting.Double("NOISE_STD", 5, "Standard deviation of the Gaussian noise, in CPU%");

    public static readonly Setting<double> SpikeProbability = Setting.Double("SPIKE_PROBABILITY", 0.01, "Chance that a minute carries a random burst");

    /// <summary>The generator's knobs.</summary>
    public static IReadOnlyList<Setting<double>> Generator { get; } = [BaseLow, BaseHigh, NoiseStd, SpikeProbability];

    /// <summary>What <c>retrain</c> defaults its options to: where the history is, and whose.</summary>
    public static IReadOnlyList<Setting> Retrain { get; } =
    [
        ScalerCatalogue.PrometheusUrl, ScalerCatalogue.LoadQuery, ScalerCatalogue.TargetDeployment, ScalerCatalogue.TargetNamespace,
        ScalerCatalogue.WorkloadsFile,
    ];

    public static IReadOnlyList<Setting> All { get; } = [.. Generator, .. Retrain];
}
