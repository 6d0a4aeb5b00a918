using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Forecasting.Synthetic;

/// <summary>The generator's knobs, named as their environment variables (BASE_LOW, BASE_HIGH, NOISE_STD, SPIKE_PROBABILITY).</summary>
public sealed record SyntheticLoadOptions
{
    /// <summary>CPU% of the night trough (04:00 UTC).</summary>
    public double BaseLow { get; init; } = TrainerCatalogue.BaseLow.Default;
    /// <summary>CPU% of the afternoon peak (16:00 UTC) on a weekday.</summary>
    public double BaseHigh { get; init; } = TrainerCatalogue.BaseHigh.Default;
    /// <summary>Standard deviation of the Gaussian noise added to every point, in CPU%.</summary>
    public double NoiseStd { get; init; } = TrainerCatalogue.NoiseStd.Default;
    /// <summary>Chance that a point carries a random burst on top of the curve.</summary>
    public double SpikeProbability { get; init; } = TrainerCatalogue.SpikeProbability.Default;
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
        BaseLow = TrainerCatalogue.BaseLow.Read(env),
        BaseHigh = TrainerCatalogue.BaseHigh.Read(env),
        NoiseStd = TrainerCatalogue.NoiseStd.Read(env),
        SpikeProbability = TrainerCatalogue.SpikeProbability.Read(env),
    };

    /// <summary>Throws a <see cref="SettingsException"/> naming the knob that is out of range.</summary>
    public void Validate()
    {
        if (BaseLow is < 0 or > 100) throw new SettingsException(TrainerCatalogue.BaseLow.Env, $"{BaseLow} is not a CPU% between 0 and 100");
        if (BaseHigh is < 0 or > 100) throw new SettingsException(TrainerCatalogue.BaseHigh.Env, $"{BaseHigh} is not a CPU% between 0 and 100");
        if (BaseHigh < BaseLow) throw new SettingsException(TrainerCatalogue.BaseHigh.Env, $"{BaseHigh} is below {TrainerCatalogue.BaseLow.Env} ({BaseLow})");
        if (!(NoiseStd >= 0)) throw new SettingsException(TrainerCatalogue.NoiseStd.Env, $"{NoiseStd} is negative");
        if (SpikeProbability is < 0 or > 1) throw new SettingsException(TrainerCatalogue.SpikeProbability.Env, $"{SpikeProbability} is not a probability between 0 and 1");
        if (Days < 1) throw new SettingsException("--days", $"{Days} must be at least 1");
        if (Step <= TimeSpan.Zero || TimeSpan.FromDays(1).Ticks % Step.Ticks != 0)
            throw new SettingsException("--step", $"{Durations.Format(Step)} must divide a day evenly");
        if (SurgeAt is null) return;
        if (SurgeDuration <= TimeSpan.Zero) throw new SettingsException("--surge-hours", $"{SurgeDuration.TotalHours} must be positive");
        if (Surge is < -100 or > 100 || !double.IsFinite(Surge)) throw new SettingsException("--surge", $"{Surge} is not a CPU% change between -100 and 100");
    }
}
