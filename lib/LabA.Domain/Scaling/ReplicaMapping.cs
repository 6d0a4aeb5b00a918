using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Domain.Scaling;

/// <summary>
/// The mapping from CPU% to replicas: at or below <see cref="CpuLow"/> the minimum, at or above
/// <see cref="CpuHigh"/> the maximum, linear in between and rounded up so that it never under-provisions.
/// The Predictor, the Scaler and the backtest all use this one implementation.
/// </summary>
public sealed record ReplicaMapping
{
    private ReplicaMapping(int minReplicas, int maxReplicas, double cpuLow, double cpuHigh)
    {
        MinReplicas = minReplicas;
        MaxReplicas = maxReplicas;
        CpuLow = cpuLow;
        CpuHigh = cpuHigh;
    }

    public int MinReplicas { get; }
    public int MaxReplicas { get; }
    public double CpuLow { get; }
    public double CpuHigh { get; }

    /// <summary>
    /// The largest MAX_REPLICAS (or maxReplicas) accepted: far above what one lab cluster runs, and low enough that a
    /// typo such as 2147483647 is refused instead of becoming a bound nothing would ever reach.
    /// </summary>
    public const int MaxReplicasBound = 1000;

    /// <summary>
    /// The largest CPU% the mapping deals in (thresholds, forecasts): a pod may use several times its CPU request, so
    /// more than 100% is real, but a forecast of 1e308% is a broken model, not a load.
    /// </summary>
    public const double MaxCpuPercent = 1000;

    public static ReplicaMapping Default { get; } =
        new(Defaults.MinReplicas, Defaults.MaxReplicas, Defaults.CpuLow, Defaults.CpuHigh);

    /// <summary>Validates and builds a mapping; errors name the setting by <paramref name="keys"/>.</summary>
    public static ReplicaMapping Create(int minReplicas, int maxReplicas, double cpuLow, double cpuHigh, ReplicaMappingKeys? keys = null)
    {
        keys ??= ReplicaMappingKeys.Env;
        if (minReplicas < 0) throw new SettingsException(keys.MinReplicas, $"{minReplicas} is negative");
        if (maxReplicas < 1) throw new SettingsException(keys.MaxReplicas, $"{maxReplicas} must be at least 1");
        if (maxReplicas > MaxReplicasBound) throw new SettingsException(keys.MaxReplicas, $"{maxReplicas} is above the maximum {MaxReplicasBound}");
        if (minReplicas > maxReplicas)
            throw new SettingsException(keys.MinReplicas, $"{minReplicas} is greater than {keys.MaxReplicas} ({maxReplicas})");
        if (!double.IsFinite(cpuLow) || cpuLow < 0) throw new SettingsException(keys.CpuLow, $"{cpuLow} must be a number >= 0");
        if (!double.IsFinite(cpuHigh) || cpuHigh <= 0) throw new SettingsException(keys.CpuHigh, $"{cpuHigh} must be a number > 0");
        if (cpuHigh > MaxCpuPercent) throw new SettingsException(keys.CpuHigh, $"{cpuHigh} is above the maximum {MaxCpuPercent}");
        if (cpuLow >= cpuHigh)
            throw new SettingsException(keys.CpuLow, $"{cpuLow} must be below {keys.CpuHigh} ({cpuHigh})");
        return new ReplicaMapping(minReplicas, maxReplicas, cpuLow, cpuHigh);
    }

    public static ReplicaMapping FromEnvironment(EnvReader env) => Create(
        env.Int(EnvVars.MinReplicas, Defaults.MinReplicas),
        env.Int(EnvVars.MaxReplicas, Defaults.MaxReplicas),
        env.Double(EnvVars.CpuLow, Defaults.CpuLow),
        env.Double(EnvVars.CpuHigh, Defaults.CpuHigh));

    /// <summary>Replicas for a CPU% forecast. Rounds up: a fraction of a pod's worth of load still needs the pod.</summary>
    public int Recommend(double cpuPercent)
    {
        var exact = ReplicasNeeded(cpuPercent);
        // A hair of tolerance so that 50.000000001 replicas' worth of float error does not buy a whole pod.
        var replicas = (int)Math.Ceiling(exact - 1e-9);
        return Math.Clamp(replicas, MinReplicas, MaxReplicas);
    }

    /// <summary>
    /// The fractional number of replicas a CPU% needs, within the bounds and before rounding up: the HPA-like
    /// reactive policy of the backtest scales from it as the HPA scales from a usage ratio.
    /// </summary>
    public double ReplicasNeeded(double cpuPercent)
    {
        if (double.IsNaN(cpuPercent)) throw new ArgumentOutOfRangeException(nameof(cpuPercent), "CPU forecast is NaN");
        if (cpuPercent <= CpuLow) return MinReplicas;
        if (cpuPercent >= CpuHigh) return MaxReplicas;
        return MinReplicas + (cpuPercent - CpuLow) / (CpuHigh - CpuLow) * (MaxReplicas - MinReplicas);
    }

    /// <summary>Keeps a count from anywhere (a forecast, a user, a step rule) inside the bounds.</summary>
    public int Clamp(int replicas) => Math.Clamp(replicas, MinReplicas, MaxReplicas);
}
