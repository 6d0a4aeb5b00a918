using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Forecasting.Synthetic;

/// <summary>The generator's knobs, named as their environment variables (BASE_LOW, BASE_HIGH, NOISE_STD, SPIKE_PROBABILITY).</summary>
public sealed record SyntheticLoadOptions
{
    /// <summary>CPU% of the night trough (04:00 UTC).</summary>
    public double BaseLow { get; init; } = Defaults.GeneratorBaseLow;
    /// <summary>CPU% of the afternoon peak (16:00 UTC) on a weekday.</summary>
    public double BaseHigh { get; init; } = Defaults.GeneratorBaseHigh;
    /// <summary>Standard deviation of the Gaussian noise added to every point, in CPU%.</summary>
    public double NoiseStd { get; init; } = Defaults.GeneratorNoiseStd;
    /// <summary>Chance that a point carries a random burst on top of the curve.</summary>
    public double SpikeProbability { get; init; } = Defaults.GeneratorSpikeProbability;
    public int Days { get; init; } = Defaults.GeneratorDays;
    public DateTimeOffset Start { get; init; } = Defaults.GeneratorStart;
    public int Seed { get; init; } = Defaults.GeneratorSeed;
    /// <summary>Weekends run at <see cref="SyntheticLoad.WeekendFactor"/> of the weekday swing, so day of week matters.</summary>
    public bool Weekly { get; init; } = true;
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>Where a surge no model has seen starts: the curve is lifted by <see cref="Surge"/> for <see cref="SurgeDuration"/>.</summary>
    public DateTimeOffset? SurgeAt { get; init; }
    public TimeSpan SurgeDuration { get; init; } = TimeSpan.FromHours(6);
    /// <summary>CPU points the surge adds to the curve.</summary>
    public double Surge { get; init; } = 30;

    /// <summary>Reads the four knobs from the environment (unset keys keep the defaults); errors name the variable.</summary>
    public static SyntheticLoadOptions FromEnvironment(EnvReader env) => new()
    {
        BaseLow = env.Double(EnvVars.BaseLow, Defaults.GeneratorBaseLow),
        BaseHigh = env.Double(EnvVars.BaseHigh, Defaults.GeneratorBaseHigh),
        NoiseStd = env.Double(EnvVars.NoiseStd, Defaults.GeneratorNoiseStd),
        SpikeProbability = env.Double(EnvVars.SpikeProbability, Defaults.GeneratorSpikeProbability),
    };

    /// <summary>Throws a <see cref="SettingsException"/> naming the knob that is out of range.</summary>
    public void Validate()
    {
        if (BaseLow is < 0 or > 100) throw new SettingsException(EnvVars.BaseLow, $"{BaseLow} is not a CPU% between 0 and 100");
        if (BaseHigh is < 0 or > 100) throw new SettingsException(EnvVars.BaseHigh, $"{BaseHigh} is not a CPU% between 0 and 100");
        if (BaseHigh < BaseLow) throw new SettingsException(EnvVars.BaseHigh, $"{BaseHigh} is below {EnvVars.BaseLow} ({BaseLow})");
        if (!(NoiseStd >= 0)) throw new SettingsException(EnvVars.NoiseStd, $"{NoiseStd} is negative");
        if (SpikeProbability is < 0 or > 1) throw new SettingsException(EnvVars.SpikeProbability, $"{SpikeProbability} is not a probability between 0 and 1");
        if (Days < 1) throw new SettingsException("--days", $"{Days} must be at least 1");
        if (Step <= TimeSpan.Zero || TimeSpan.FromDays(1).Ticks % Step.Ticks != 0)
            throw new SettingsException("--step", $"{Durations.Format(Step)} must divide a day evenly");
        if (SurgeAt is null) return;
        if (SurgeDuration <= TimeSpan.Zero) throw new SettingsException("--surge-hours", $"{SurgeDuration.TotalHours} must be positive");
        if (Surge is < -100 or > 100 || !double.IsFinite(Surge)) throw new SettingsException("--surge", $"{Surge} is not a CPU% change between -100 and 100");
    }
}
