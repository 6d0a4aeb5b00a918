using LabA.Domain.Settings;

namespace LabA.Domain.Series;

/// <summary>
/// A load series at one fixed step, strictly increasing in time: what the Trainer trains on and the backtest replays.
/// <see cref="NoiseFree"/> is set only for series the synthetic generator made: its curve without noise or spikes,
/// which tells how much of the error no forecaster can remove.
/// </summary>
public sealed class LoadSeries
{
    private LoadSeries(string source, string valueName, Observation[] observations, TimeSpan step, double[]? noiseFree)
    {
        Source = source;
        ValueName = valueName;
        Observations = observations;
        Step = step;
        NoiseFree = noiseFree;
    }

    /// <summary>Where the series came from, as errors and the model card name it (a file path, or "synthetic").</summary>
    public string Source { get; }
    /// <summary>The name of the value column, e.g. "cpu_percent" or "value".</summary>
    public string ValueName { get; }
    public IReadOnlyList<Observation> Observations { get; }
    public TimeSpan Step { get; }
    public IReadOnlyList<double>? NoiseFree { get; }
    public int Count => Observations.Count;
    public DateTimeOffset Start => Observations[0].Timestamp;
    public DateTimeOffset End => Observations[^1].Timestamp;
    public TimeSpan Span => End - Start;

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
}
