using LabA.Domain.Settings;

namespace LabA.Forecasting.Series;

/// <summary>
/// A load series at one fixed step, strictly increasing in time: what the Trainer trains on and the backtest replays.
/// <see cref="NoiseFree"/> is set only for series the synthetic generator made: its curve without noise or spikes,
/// which tells how much of the error no forecaster can remove.
/// A series made by <see cref="SeriesImport"/> may hold filled points: interpolated across a gap, known only once the
/// real point that closed the gap arrived (see <see cref="KnownAt"/>).
/// </summary>
public sealed class LoadSeries
{
    private readonly Observation[] _observations;
    // For a filled point, the indices of the real points before and after its gap; -1 for a real point. Null: none filled.
    private readonly int[]? _gapBefore;
    private readonly int[]? _gapAfter;

    private LoadSeries(string source, string valueName, Observation[] observations, TimeSpan step, double[]? noiseFree,
        int[]? gapBefore = null, int[]? gapAfter = null, ImportSummary? import = null, PrometheusQuery? query = null)
    {
        Source = source;
        ValueName = valueName;
        _observations = observations;
        Step = step;
        NoiseFree = noiseFree;
        _gapBefore = gapBefore;
        _gapAfter = gapAfter;
        Import = import;
        Query = query;
    }

    /// <summary>Where the series came from, as errors and the model card name it (a file path, or "synthetic").</summary>
    public string Source { get; }
    /// <summary>The name of the value column, e.g. "cpu_percent" or "value".</summary>
    public string ValueName { get; }
    public IReadOnlyList<Observation> Observations => _observations;
    public TimeSpan Step { get; }
    public IReadOnlyList<double>? NoiseFree { get; }
    public int Count => Observations.Count;
    public DateTimeOffset Start => Observations[0].Timestamp;
    public DateTimeOffset End => Observations[^1].Timestamp;
    public TimeSpan Span => End - Start;
    /// <summary>What the import did to put the series on its grid; null for a series made in memory or by the generator.</summary>
    public ImportSummary? Import { get; }
    /// <summary>Set when the series was read from Prometheus.</summary>
    public PrometheusQuery? Query { get; }

    /// <summary>Whether the point at <paramref name="index"/> was interpolated across a gap rather than measured.</summary>
    public bool IsFilled(int index) => _gapAfter is not null && _gapAfter[index] >= 0;

    /// <summary>
    /// The observations as someone standing at <c>Observations[anchor]</c> knew them. Linear interpolation across a gap
    /// uses the real point that closed it, so a filled value is known only at or after that point: at an origin inside a
    /// gap, the gap's filled points up to the origin read as the last real value before the gap (what the Predictor would
    /// have had), and every other point reads as it is. Only points at or before <paramref name="anchor"/> are meant to be read.
    /// </summary>
    public IReadOnlyList<Observation> KnownAt(int anchor) =>
        IsFilled(anchor) ? new HeldBeforeGap(_observations, _gapBefore![anchor]) : _observations;

    /// <summary>Observations with every point after <paramref name="lastReal"/> read as holding its value.</summary>
    private sealed class HeldBeforeGap(Observation[] observations, int lastReal) : IReadOnlyList<Observation>
    {
        public Observation this[int index] =>
            index > lastReal ? observations[index] with { Value = observations[lastReal].Value } : observations[index];
        public int Count => observations.Length;
        public IEnumerator<Observation> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Checks order, duplicates and the fixed step. <paramref name="lines"/> gives, for each observation, the file line it
    /// came from, so errors can point at it; without it they count observations from 1.
    /// </summary>
    public static LoadSeries Create(
        IReadOnlyList<Observation> observations,
        string source,
        string valueName = "value",
        IReadOnlyList<double>? noiseFree = null,
        IReadOnlyList<int>? lines = null)
    {
        int? Where(int index) => lines is null ? index + 1 : lines[index];
        string Position(int index) => lines is null ? $"observation {index + 1}" : $"line {lines[index]}";

        if (observations.Count < 2)
            throw new SeriesFormatException(source, null, $"has {observations.Count} data point(s); a series needs at least 2");
        if (noiseFree is not null && noiseFree.Count != observations.Count)
            throw new ArgumentException("the noise-free curve must have one value per observation", nameof(noiseFree));

        var step = observations[1].Timestamp - observations[0].Timestamp;
        for (var i = 0; i < observations.Count; i++)
        {
            if (!double.IsFinite(observations[i].Value))
                throw new SeriesFormatException(source, Where(i), $"value {observations[i].Value} is not a finite number");
            if (i == 0) continue;
            var previous = observations[i - 1].Timestamp;
            var current = observations[i].Timestamp;
            if (current == previous)
                throw new SeriesFormatException(source, Where(i), $"duplicate timestamp {current:O} (same as {Position(i - 1)})");
            if (current < previous)
                throw new SeriesFormatException(source, Where(i), $"timestamp {current:O} is before the one on {Position(i - 1)} ({previous:O}); sort the series by time");
            if (current - previous != step)
                throw new SeriesFormatException(source, Where(i),
                    $"irregular step: {Durations.Format(current - previous)} since {Position(i - 1)}, but the series step is {Durations.Format(step)} (fill or resample gaps first)");
        }
        return new LoadSeries(source, valueName, [.. observations], step, noiseFree is null ? null : [.. noiseFree]);
    }

    /// <summary>A series <see cref="SeriesImport"/> put on its grid; the gap arrays mark filled points (see <see cref="KnownAt"/>).</summary>
    internal static LoadSeries Imported(Observation[] observations, string source, string valueName, int[] gapBefore, int[] gapAfter,
        ImportSummary summary, PrometheusQuery? query) =>
        summary.PointsFilled == 0
            ? new LoadSeries(source, valueName, observations, summary.Step, null, import: summary, query: query)
            : new LoadSeries(source, valueName, observations, summary.Step, null, gapBefore, gapAfter, summary, query);
}
