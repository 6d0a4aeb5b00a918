namespace LabA.Domain.Scaling;

/// <summary>
/// The closed loop's guarantee: never provision below what the load observed now needs. A forecast that misses a
/// burst is corrected in the run that sees it, as the HPA would, instead of waiting for the model to learn it.
/// Pure, so that the Scaler and the backtest apply the same rule.
/// </summary>
public static class ReactiveFloor
{
    /// <summary>How many of the newest readings a load must hold for before the floor follows it.</summary>
    public const int SustainedReadings = 2;

    /// <summary>
    /// The load the floor follows: the lowest of the <see cref="SustainedReadings"/> newest readings. A one-minute
    /// spike is gone before a new pod is ready, yet the stabilization window would hold the pod it bought for minutes;
    /// a rise that lasts two readings is one the forecast missed, and the floor follows it in that run.
    /// </summary>
    /// <param name="oldestFirst">The observed load, oldest first; at least one reading.</param>
    public static double SustainedLoad(IReadOnlyList<double> oldestFirst)
    {
        if (oldestFirst.Count == 0) throw new ArgumentException("at least one observed reading is needed", nameof(oldestFirst));
        var lowest = double.PositiveInfinity;
        for (var i = Math.Max(0, oldestFirst.Count - SustainedReadings); i < oldestFirst.Count; i++)
            lowest = double.IsNaN(oldestFirst[i]) ? double.NaN : Math.Min(lowest, oldestFirst[i]);
        return lowest;
    }

    /// <param name="forecastReplicas">What the forecast recommends.</param>
    /// <param name="observedLoad">The latest observed load, in the unit the model was trained on; finite and within
    /// the mapping's range (the caller refuses NaN, Inf, negative and stale readings before it gets here).</param>
    public static FlooredRecommendation Apply(ReplicaMapping mapping, int forecastReplicas, double observedLoad)
    {
        if (!double.IsFinite(observedLoad) || observedLoad < 0 || observedLoad > mapping.MaxLoad)
            throw new ArgumentOutOfRangeException(nameof(observedLoad), observedLoad,
                $"observed load must be finite and within 0..{mapping.MaxLoad}");
        var floor = mapping.Recommend(observedLoad);
        return floor > forecastReplicas
            ? new FlooredRecommendation(forecastReplicas, floor, observedLoad, floor, FloorWinner.Observed)
            : new FlooredRecommendation(forecastReplicas, floor, observedLoad, forecastReplicas, FloorWinner.Forecast);
    }
}
