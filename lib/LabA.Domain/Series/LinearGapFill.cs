namespace LabA.Domain.Series;

/// <summary>
/// How a missed sample is filled, the same for the Trainer's import and the Scaler's observation window: a run of
/// missing grid points up to a limit is filled by linear interpolation between the real points around it; a longer
/// run is not filled.
/// </summary>
public static class LinearGapFill
{
    /// <summary>The longest run of missing points filled: the import's --max-gap default, and the Scaler's limit.</summary>
    public static readonly TimeSpan DefaultMaxGap = TimeSpan.FromHours(1);

    /// <summary>The value <paramref name="position"/> steps after a real point, on the line to the next real one <paramref name="distance"/> steps after it.</summary>
    public static double Between(double before, double after, int position, int distance) =>
        before + (double)position / distance * (after - before);

    /// <summary>
    /// The newest run of <paramref name="samples"/> (oldest first, on the <paramref name="step"/> grid) that has no gap
    /// longer than <paramref name="maxGap"/>, with its gaps filled; and how many points were filled. A gap too long to
    /// fill ends what can be used: only the points after it are returned.
    /// </summary>
    public static (IReadOnlyList<(DateTimeOffset Timestamp, double Value)> Points, int Filled) FillNewestRun(
        IReadOnlyList<(DateTimeOffset Timestamp, double Value)> samples, TimeSpan step, TimeSpan maxGap)
    {
        var allowed = maxGap.Ticks / step.Ticks;
        var first = samples.Count - 1;
        while (first > 0 && Missing(samples[first - 1].Timestamp, samples[first].Timestamp, step) <= allowed) first--;
        var points = new List<(DateTimeOffset, double)>();
        var filled = 0;
        for (var i = Math.Max(first, 0); i < samples.Count; i++)
        {
            if (i > first)
            {
                var (before, after) = (samples[i - 1], samples[i]);
                var distance = (int)Missing(before.Timestamp, after.Timestamp, step) + 1;
                for (var k = 1; k < distance; k++)
                    points.Add((before.Timestamp + step * k, Between(before.Value, after.Value, k, distance)));
                filled += distance - 1;
            }
            points.Add(samples[i]);
        }
        return (points, filled);
    }

    private static long Missing(DateTimeOffset before, DateTimeOffset after, TimeSpan step) => (after - before).Ticks / step.Ticks - 1;
}
