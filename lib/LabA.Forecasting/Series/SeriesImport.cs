using System.Globalization;
using LabA.Domain.Predict;
using LabA.Domain.Series;
using LabA.Domain.Settings;

namespace LabA.Forecasting.Series;

/// <summary>
/// Puts rows as users export them on a regular grid, the shape <see cref="LoadSeries"/> needs:
/// <list type="bullet">
/// <item>the step is the median spacing of consecutive distinct timestamps (rounded to whole seconds, or to whole
/// milliseconds under two seconds); the grid's phase is the median offset of the rows from it;</item>
/// <item>a timestamp less than half a step off the grid is snapped to its nearest grid point; exactly half a step
/// off is an error naming the line;</item>
/// <item>every value and timestamp must be within <see cref="LoadBounds"/>, the loads and instants the Predictor serves
/// a model of; one outside is an error naming the line (the sample's time for a Prometheus query);</item>
/// <item>rows must be in time order; a row earlier than the one before it is an error naming both lines;</item>
/// <item>rows on one grid point with the same value are exact duplicates: all but the first are dropped; different
/// values are an error naming both lines, unless <see cref="ImportOptions.Duplicates"/> says mean or last;</item>
/// <item>one exception: when a grid point holds more rows than itself and the empty points right before it can take,
/// exactly as many, and at least two of them share one timestamp, the exporter clamped the timestamps of a run of
/// samples (CloudWatch does this with the hour a daylight-saving change skips): the rows are spread, in file order, over
/// those points;</item>
/// <item>a blank value is a missed sample; blank rows before the first value or after the last are dropped;</item>
/// <item>a run of missing points up to <see cref="ImportOptions.MaxGap"/> long (missing points × step) is filled by
/// linear interpolation and the points are marked filled; a longer run is an error naming the line that closes it and
/// the length of the gap.</item>
/// </list>
/// </summary>
public static class SeriesImport
{
    public static LoadSeries Build(IReadOnlyList<RawPoint> rows, string source, string valueName, ImportOptions options, PrometheusQuery? query = null)
    {
        CheckBounds(rows, source, options.Clock.GetUtcNow());
        CheckOrder(rows, source);
        var step = MedianStep(rows, source);
        var origin = GridOrigin(rows, step);
        var slots = Slots(rows, origin, step, source);
        var (points, dropped, merged, placed, snapped) = Resolve(rows, slots, options.Duplicates, source, origin, step);

        var valued = points.Where(point => point.Value is not null).ToArray();
        if (valued.Length < 2)
            throw new SeriesFormatException(source, null, $"has {valued.Length} data point(s) with a value; a series needs at least 2");
        var blankEdges = points.Count(point => point.Value is null && (point.Slot < valued[0].Slot || point.Slot > valued[^1].Slot));

        var first = valued[0].Slot;
        var count = checked((int)(valued[^1].Slot - first + 1));
        CheckGaps(valued, step, options.MaxGap, source, origin);
        var observations = new Observation[count];
        var before = new int[count];
        var after = new int[count];
        int gaps = 0, filled = 0;
        long longest = 0;
        for (var i = 0; i < valued.Length; i++)
        {
            var index = (int)(valued[i].Slot - first);
            observations[index] = new Observation(At(origin, step, valued[i].Slot), valued[i].Value!.Value);
            before[index] = after[index] = -1;
            if (i == 0) continue;
            var previous = (int)(valued[i - 1].Slot - first);
            var missing = index - previous - 1;
            if (missing == 0) continue;
            gaps++;
            filled += missing;
            longest = Math.Max(longest, missing);
            for (var j = previous + 1; j < index; j++)
            {
                var value = LinearGapFill.Between(observations[previous].Value, observations[index].Value, j - previous, index - previous);
                observations[j] = new Observation(At(origin, step, first + j), value);
                before[j] = previous;
                after[j] = index;
            }
        }

        var summary = new ImportSummary
        {
            RowsRead = rows.Count,
            Step = step,
            PointsFilled = filled,
            Gaps = gaps,
            LongestGap = step * longest,
            DuplicatesDropped = dropped,
            DuplicatesMerged = merged,
            PointsSnapped = snapped,
            RowsPlacedInGap = placed,
            BlankEdgesDropped = blankEdges,
            TimeZone = options.TimeZone?.Id,
        };
        return LoadSeries.Imported(observations, source, valueName, before, after, summary, query);
    }

    /// <summary>An instant as error messages write it: UTC, with milliseconds only when there are some.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(instant.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Where(RawPoint row) => row.Line is { } line ? $"line {line}" : Format(row.Timestamp);

    /// <summary>Refuses the first row whose timestamp or value is outside <see cref="LoadBounds"/>; blank values are missed samples, not loads.</summary>
    public static void CheckBounds(IReadOnlyList<RawPoint> rows, string source, DateTimeOffset now)
    {
        foreach (var row in rows)
        {
            if (LoadBounds.TimeProblem(row.Timestamp, now) is { } time)
                throw new SeriesFormatException(source, row.Line, $"timestamp {time}");
            if (row.Value is { } value && LoadBounds.ValueProblem(value) is { } load)
                throw new SeriesFormatException(source, row.Line, row.Line is null ? $"sample at {Format(row.Timestamp)}: value {load}" : $"value {load}");
        }
    }

    private static void CheckOrder(IReadOnlyList<RawPoint> rows, string source)
    {
        for (var i = 1; i < rows.Count; i++)
            if (rows[i].Timestamp < rows[i - 1].Timestamp)
                throw new SeriesFormatException(source, rows[i].Line,
                    $"timestamp {Format(rows[i].Timestamp)} is before the one on {Where(rows[i - 1])} ({Format(rows[i - 1].Timestamp)}); sort the series by time");
    }

    private static TimeSpan MedianStep(IReadOnlyList<RawPoint> rows, string source)
    {
        var spacings = new List<long>(rows.Count);
        for (var i = 1; i < rows.Count; i++)
        {
            var ticks = (rows[i].Timestamp - rows[i - 1].Timestamp).Ticks;
            if (ticks > 0) spacings.Add(ticks);
        }
        if (spacings.Count == 0)
            throw new SeriesFormatException(source, null, $"has {(rows.Count == 0 ? 0 : 1)} distinct timestamp(s); a series needs at least 2");
        spacings.Sort();
        var median = spacings[(spacings.Count - 1) / 2];
        var unit = median >= 2 * TimeSpan.TicksPerSecond ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerMillisecond;
        return TimeSpan.FromTicks(Math.Max(unit, (long)Math.Round((double)median / unit) * unit));
    }

    /// <summary>The grid point nearest the first row, moved by the median offset of all rows, so jitter on the first row does not shift the grid.</summary>
    private static DateTimeOffset GridOrigin(IReadOnlyList<RawPoint> rows, TimeSpan step)
    {
        var start = rows[0].Timestamp;
        var offsets = rows.Select(row => Offset((row.Timestamp - start).Ticks, step.Ticks)).Order().ToArray();
        var origin = start.AddTicks(offsets[offsets.Length / 2]);
        var unit = step.Ticks >= 2 * TimeSpan.TicksPerSecond ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerMillisecond;
        return new DateTimeOffset((long)Math.Round((double)origin.UtcTicks / unit) * unit, TimeSpan.Zero);
    }

    /// <summary>The signed distance from <paramref name="ticks"/> to the nearest multiple of <paramref name="step"/>, in [-step/2, step/2).</summary>
    private static long Offset(long ticks, long step)
    {
        var remainder = ((ticks % step) + step) % step;
        return remainder >= (step + 1) / 2 ? remainder - step : remainder;
    }

    private static DateTimeOffset At(DateTimeOffset origin, TimeSpan step, long slot) => origin.AddTicks(slot * step.Ticks);

    private static long[] Slots(IReadOnlyList<RawPoint> rows, DateTimeOffset origin, TimeSpan step, string source)
    {
        var slots = new long[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var ticks = (rows[i].Timestamp - origin).Ticks;
            var offset = Offset(ticks, step.Ticks);
            if (offset != 0 && 2 * Math.Abs(offset) == step.Ticks)
                throw new SeriesFormatException(source, rows[i].Line,
                    $"timestamp {Format(rows[i].Timestamp)} is half a step ({Durations.Format(step / 2)}) off the {Durations.Format(step)} grid; it belongs to neither neighbouring point");
            slots[i] = (ticks - offset) / step.Ticks;
        }
        return slots;
    }

    private readonly record struct GridPoint(long Slot, double? Value, int? Line);

    /// <summary>One value (or a blank) per occupied grid point, in time order, after duplicates and clamped runs are resolved.</summary>
    private static (List<GridPoint> Points, int Dropped, int Merged, int Placed, int Snapped) Resolve(
        IReadOnlyList<RawPoint> rows, long[] slots, DuplicatePolicy policy, string source, DateTimeOffset origin, TimeSpan step)
    {
        var points = new List<GridPoint>();
        int dropped = 0, merged = 0, placed = 0, snapped = 0;
        long? lastValued = null;
        for (var start = 0; start < rows.Count;)
        {
            var end = start;
            while (end < rows.Count && slots[end] == slots[start]) end++;
            var slot = slots[start];
            var group = Enumerable.Range(start, end - start).Where(i => rows[i].Value is not null).ToArray();
            start = end;
            var gridTime = At(origin, step, slot);
            if (group.Length == 0)
            {
                points.Add(new GridPoint(slot, null, rows[end - 1].Line));
                continue;
            }

            var empty = lastValued is { } last ? slot - last - 1 : 0;
            if (IsClampedRun(rows, group, empty))
            {
                for (var k = 0; k < group.Length; k++) points.Add(new GridPoint(slot - group.Length + 1 + k, rows[group[k]].Value, rows[group[k]].Line));
                placed += group.Length - 1;
                lastValued = slot;
                continue;
            }

            snapped += group.Count(i => rows[i].Timestamp != gridTime);
            var distinct = new List<int>();
            foreach (var i in group)
            {
                if (distinct.Any(j => rows[j].Value == rows[i].Value)) dropped++;
                else distinct.Add(i);
            }
            if (distinct.Count > 1 && policy == DuplicatePolicy.Error)
            {
                var (a, b) = (rows[distinct[0]], rows[distinct[1]]);
                throw new SeriesFormatException(source, b.Line,
                    $"two values for {Format(gridTime)}: {Number(a.Value!.Value)} on {Where(a)} and {Number(b.Value!.Value)} on {Where(b)} " +
                    "(pass --duplicates mean or --duplicates last to merge them)");
            }
            merged += distinct.Count - 1;
            var value = policy == DuplicatePolicy.Mean ? distinct.Average(i => rows[i].Value!.Value) : rows[distinct[^1]].Value!.Value;
            points.Add(new GridPoint(slot, value, rows[distinct[^1]].Line));
            lastValued = slot;
        }
        return (points, dropped, merged, placed, snapped);
    }

    /// <summary>
    /// Rows on one grid point that are exactly as many as that point and the <paramref name="empty"/> points before it,
    /// with at least two sharing one timestamp and not all one value: a run of samples written with a clamped timestamp.
    /// </summary>
    private static bool IsClampedRun(IReadOnlyList<RawPoint> rows, int[] group, long empty) =>
        empty > 0 && group.Length == empty + 1
        && group.GroupBy(i => rows[i].Timestamp).Any(same => same.Count() > 1)
        && group.Select(i => rows[i].Value).Distinct().Count() > 1;

    private static void CheckGaps(GridPoint[] valued, TimeSpan step, TimeSpan maxGap, string source, DateTimeOffset origin)
    {
        var allowed = maxGap.Ticks / step.Ticks;
        for (var i = 1; i < valued.Length; i++)
        {
            var missing = valued[i].Slot - valued[i - 1].Slot - 1;
            if (missing <= allowed) continue;
            throw new SeriesFormatException(source, valued[i].Line,
                $"gap of {Durations.Format(step * missing)} ({missing} missing points at {Durations.Format(step)} step) from {Format(At(origin, step, valued[i - 1].Slot))} " +
                $"to {Format(At(origin, step, valued[i].Slot))}; gaps up to --max-gap {Durations.Format(maxGap)} are filled (pass a larger --max-gap to fill this one)");
        }
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
