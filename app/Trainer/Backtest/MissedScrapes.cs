using LabA.Domain.Series;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>
/// The series as the Scaler reads it with some samples missed, as Prometheus misses scrapes: each grid point independently with
/// probability <c>rate</c>, from a seeded generator so that a replay repeats. <see cref="Series"/> holds them filled as
/// the Scaler fills them (<see cref="LinearGapFill"/>, the import's interpolation): a gap's ends are real points at or
/// before the decision that reads it, so filling the whole series once equals what each run fills.
/// </summary>
public sealed record MissedScrapes(LoadSeries Series, IReadOnlyList<bool> Missing, double Rate, int Seed)
{
    /// <summary>What the runs that met a missed sample did; counted as the replay decides.</summary>
    public sealed class RunCounts
    {
        /// <summary>Runs whose newest sample was missed: they decided from the one before it, still fresh.</summary>
        public int FromOlderSample { get; set; }
        /// <summary>Runs with no fresh sample (the newest two missed): they failed and changed nothing.</summary>
        public int Failed { get; set; }
    }

    public RunCounts Counts { get; init; } = new();

    public static MissedScrapes Of(LoadSeries read, double rate, int seed)
    {
        var random = new Random(seed);
        var missing = new bool[read.Count];
        for (var i = 0; i < missing.Length; i++) missing[i] = random.NextDouble() < rate;
        var observations = read.Observations;
        var filled = new Observation[observations.Count];
        var previous = -1;
        for (var i = 0; i <= filled.Length; i++)
        {
            if (i < filled.Length && missing[i]) continue;
            // The points between two real ones (or before the first, after the last: held at the nearest real one).
            for (var j = previous + 1; j < i; j++)
            {
                var value = previous < 0 ? (i < filled.Length ? observations[i].Value : 0)
                    : i >= filled.Length ? observations[previous].Value
                    : LinearGapFill.Between(observations[previous].Value, observations[i].Value, j - previous, i - previous);
                filled[j] = new Observation(observations[j].Timestamp, value);
            }
            if (i < filled.Length) filled[i] = observations[i];
            previous = i;
        }
        return new MissedScrapes(LoadSeries.Create(filled, read.Source), missing, rate, seed);
    }

    /// <summary>The grid index of the step holding <paramref name="instant"/>, whether or not its sample was missed; -1 before the series.</summary>
    public int IndexAt(DateTimeOffset instant) => (int)Math.Max(-1, Math.Min(Math.Floor((instant - Series.Start) / Series.Step), Series.Count - 1));

    /// <summary>The grid index of the newest sample Prometheus has at or before <paramref name="instant"/>; -1 when none.</summary>
    public int NewestAtOrBefore(DateTimeOffset instant)
    {
        var index = IndexAt(instant);
        while (index >= 0 && Missing[index]) index--;
        return index;
    }
}
