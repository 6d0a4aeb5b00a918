namespace LabA.Trainer.Backtest;

/// <summary>
/// A stretch of a replay's minutes cut into buckets on clock boundaries (every 15 minutes, every hour...), so that a chart
/// draws one value per bucket (its max, min or mean) instead of thousands of minute values a pixel apart. Bucket
/// <c>b</c> covers the replay minutes <c>Edges[b]</c> up to, not including, <c>Edges[b + 1]</c>; the first and the last
/// bucket are shorter when the stretch does not start or end on a boundary.
/// </summary>
public sealed record MinuteBuckets(IReadOnlyList<int> Edges, int Width)
{
    public const int MinutesPerDay = 24 * 60;

    /// <summary>Bucket widths in minutes that divide a day, so that buckets start on the same clock times every day.</summary>
    public static readonly IReadOnlyList<int> ClockWidths = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, MinutesPerDay];

    public int Count => Edges.Count - 1;

    /// <summary>
    /// The narrowest clock width (or, past a day, a whole number of days) that cuts <paramref name="minuteCount"/> minutes
    /// from <paramref name="firstMinute"/> of a replay starting at <paramref name="replayStart"/> into at most
    /// <paramref name="maxBuckets"/> buckets.
    /// </summary>
    public static MinuteBuckets Choose(DateTimeOffset replayStart, int firstMinute, int minuteCount, int maxBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstMinute);
        ArgumentOutOfRangeException.ThrowIfLessThan(minuteCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuckets, 1);
        var minuteOfDay = (int)replayStart.AddMinutes(firstMinute).UtcDateTime.TimeOfDay.TotalMinutes;
        var widths = ClockWidths.Concat(Enumerable.Range(2, int.MaxValue / MinutesPerDay - 2).Select(days => days * MinutesPerDay));
        return widths
            .Select(width => new MinuteBuckets(Cut(firstMinute, minuteCount, minuteOfDay % width, width), width))
            .First(buckets => buckets.Count <= maxBuckets);
    }

    public double[] Max(IReadOnlyList<double> minuteValues) => Aggregate(minuteValues, Enumerable.Max);

    public double[] Min(IReadOnlyList<double> minuteValues) => Aggregate(minuteValues, Enumerable.Min);

    public double[] Mean(IReadOnlyList<double> minuteValues) => Aggregate(minuteValues, Enumerable.Average);

    /// <summary>The middle of each bucket, in replay minutes: where a line through per-bucket values puts its points.</summary>
    public double[] Centres() => [.. Enumerable.Range(0, Count).Select(b => (Edges[b] + Edges[b + 1]) / 2.0)];

    private static int[] Cut(int firstMinute, int minuteCount, int minutesPastBoundary, int width)
    {
        var end = firstMinute + minuteCount;
        var edges = new List<int> { firstMinute };
        for (var edge = firstMinute - minutesPastBoundary + width; edge < end; edge += width) edges.Add(edge);
        edges.Add(end);
        return [.. edges];
    }

    private double[] Aggregate(IReadOnlyList<double> minuteValues, Func<IEnumerable<double>, double> aggregate)
    {
        if (minuteValues.Count < Edges[^1])
            throw new ArgumentException($"{minuteValues.Count} minute values, but the buckets reach minute {Edges[^1]}", nameof(minuteValues));
        return [.. Enumerable.Range(0, Count).Select(b => aggregate(Enumerable.Range(Edges[b], Edges[b + 1] - Edges[b]).Select(m => minuteValues[m])))];
    }
}
