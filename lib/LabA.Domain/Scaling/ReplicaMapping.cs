using System.Globalization;
using LabA.Domain.Predict;
using LabA.Domain.Settings;

namespace LabA.Domain.Scaling;

/// <summary>
/// The mapping from load to replicas, in one of two forms. The CPU band: at or below <see cref="CpuLow"/> the
/// minimum, at or above <see cref="CpuHigh"/> the maximum, linear in between. Per-replica capacity (HPA's
/// AverageValue): <c>ceil(load / PerReplica)</c>, for a demand in requests per second, queue depth or cores. Both are
/// clamped to the bounds and rounded up so that they never under-provision. The Predictor, the Scaler and the
/// backtest all use this one implementation.
/// </summary>
public sealed record ReplicaMapping
{
    private ReplicaMapping(int minReplicas, int maxReplicas, double cpuLow, double cpuHigh, double? perReplica = null)
    {
        MinReplicas = minReplicas;
        MaxReplicas = maxReplicas;
        CpuLow = cpuLow;
        CpuHigh = cpuHigh;
        PerReplica = perReplica;
    }

    public int MinReplicas { get; }
    public int MaxReplicas { get; }
    public double CpuLow { get; }
    public double CpuHigh { get; }

    /// <summary>The load one replica carries, in the load's own unit; null for the CPU band.</summary>
    public double? PerReplica { get; }

    /// <summary>
    /// The largest load the mapping takes: a CPU% for the band (<see cref="MaxCpuPercent"/>), any servable load
    /// (<see cref="LoadBounds.MaxValue"/>) for per-replica capacity.
    /// </summary>
    public double MaxLoad => PerReplica is null ? MaxCpuPercent : LoadBounds.MaxValue;

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

    public static ReplicaMapping Default { get; } = new(
        RecommendationCatalogue.MinReplicas.Default, RecommendationCatalogue.MaxReplicas.Default,
        RecommendationCatalogue.CpuLow.Default, RecommendationCatalogue.CpuHigh.Default);

    /// <summary>Validates and builds a mapping; errors name the setting by <paramref name="keys"/>.</summary>
    public static ReplicaMapping Create(int minReplicas, int maxReplicas, double cpuLow, double cpuHigh, ReplicaMappingKeys? keys = null)
    {
        keys ??= ReplicaMappingKeys.Env;
        CheckBounds(minReplicas, maxReplicas, keys.MinReplicas, keys.MaxReplicas);
        if (!double.IsFinite(cpuLow) || cpuLow < 0) throw new SettingsException(keys.CpuLow, $"{cpuLow} must be a number >= 0");
        if (!double.IsFinite(cpuHigh) || cpuHigh <= 0) throw new SettingsException(keys.CpuHigh, $"{cpuHigh} must be a number > 0");
        if (cpuHigh > MaxCpuPercent) throw new SettingsException(keys.CpuHigh, $"{cpuHigh} is above the maximum {MaxCpuPercent}");
        if (cpuLow >= cpuHigh)
            throw new SettingsException(keys.CpuLow, $"{cpuLow} must be below {keys.CpuHigh} ({cpuHigh})");
        return new ReplicaMapping(minReplicas, maxReplicas, cpuLow, cpuHigh);
    }

    /// <summary>A per-replica capacity mapping (replicas = ceil(load / <paramref name="perReplica"/>)); errors name the setting by <paramref name="keys"/>.</summary>
    public static ReplicaMapping PerReplicaCapacity(int minReplicas, int maxReplicas, double perReplica, PerReplicaKeys keys)
    {
        CheckBounds(minReplicas, maxReplicas, keys.MinReplicas, keys.MaxReplicas);
        if (!double.IsFinite(perReplica) || perReplica <= 0 || perReplica > LoadBounds.MaxValue)
            throw new SettingsException(keys.PerReplica, $"{perReplica} must be a number > 0 and at most {LoadBounds.MaxValue:0.#e0} (the load one replica carries, in the query's unit)");
        return new ReplicaMapping(minReplicas, maxReplicas, Default.CpuLow, Default.CpuHigh, perReplica);
    }

    private static void CheckBounds(int minReplicas, int maxReplicas, string minKey, string maxKey)
    {
        if (minReplicas < 0) throw new SettingsException(minKey, $"{minReplicas} is negative");
        if (maxReplicas < 1) throw new SettingsException(maxKey, $"{maxReplicas} must be at least 1");
        if (maxReplicas > MaxReplicasBound) throw new SettingsException(maxKey, $"{maxReplicas} is above the maximum {MaxReplicasBound}");
        if (minReplicas > maxReplicas)
            throw new SettingsException(minKey, $"{minReplicas} is greater than {maxKey} ({maxReplicas})");
    }

    /// <summary>The four mapping settings of <see cref="RecommendationCatalogue"/>; errors name them as <paramref name="settings"/> does.</summary>
    public static ReplicaMapping Read(SettingReader settings) => Create(
        settings.Read(RecommendationCatalogue.MinReplicas),
        settings.Read(RecommendationCatalogue.MaxReplicas),
        settings.Read(RecommendationCatalogue.CpuLow),
        settings.Read(RecommendationCatalogue.CpuHigh),
        ReplicaMappingKeys.Of(settings));

    /// <summary>Replicas for a load forecast (CPU% for the band). Rounds up: a fraction of a pod's worth of load still needs the pod.</summary>
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
        if (PerReplica is { } capacity) return Math.Clamp(Math.Max(cpuPercent, 0) / capacity, MinReplicas, MaxReplicas);
        if (cpuPercent <= CpuLow) return MinReplicas;
        if (cpuPercent >= CpuHigh) return MaxReplicas;
        return MinReplicas + (cpuPercent - CpuLow) / (CpuHigh - CpuLow) * (MaxReplicas - MinReplicas);
    }

    /// <summary>How the mapping reads in a log line: "1..10 replicas over CPU 20..80%" or "1..10 replicas at 150 per replica".</summary>
    public override string ToString() => PerReplica is { } capacity
        ? string.Create(CultureInfo.InvariantCulture, $"{MinReplicas}..{MaxReplicas} replicas at {capacity} per replica")
        : string.Create(CultureInfo.InvariantCulture, $"{MinReplicas}..{MaxReplicas} replicas over CPU {CpuLow}..{CpuHigh}%");

    /// <summary>
    /// The same mapping with its bounds kept within <paramref name="lowest"/>..<paramref name="highest"/>: an HPA's
    /// minReplicas may be neither below 1 nor above its maxReplicas.
    /// </summary>
    public ReplicaMapping Within(int lowest, int highest) => lowest > highest
        ? throw new ArgumentOutOfRangeException(nameof(lowest), lowest, $"above {nameof(highest)} ({highest})")
        : new(Math.Clamp(MinReplicas, lowest, highest), Math.Clamp(MaxReplicas, lowest, highest), CpuLow, CpuHigh, PerReplica);

    /// <summary>Keeps a count from anywhere (a forecast, a user, a step rule) inside the bounds.</summary>
    public int Clamp(int replicas) => Math.Clamp(replicas, MinReplicas, MaxReplicas);
}
