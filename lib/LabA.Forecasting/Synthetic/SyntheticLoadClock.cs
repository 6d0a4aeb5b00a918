using LabA.Forecasting.Series;

namespace LabA.Forecasting.Synthetic;

/// <summary>
/// The synthetic load at wall-clock time: the point of <see cref="SyntheticLoad.Stream"/> whose step holds the instant,
/// so a live gauge shows the very values <c>generate</c> writes for the same knobs and seed. The stream only moves
/// forward, so each read costs the steps since the last one; an earlier instant starts it again from the beginning.
/// Thread-safe.
/// </summary>
public sealed class SyntheticLoadClock(SyntheticLoadOptions options)
{
    private readonly Lock _lock = new();
    private IEnumerator<(Observation Observation, double NoiseFree)>? _stream;

    public SyntheticLoadOptions Options { get; } = Validated(options);

    /// <summary>The point whose step holds <paramref name="instant"/>; null before the series starts.</summary>
    public Observation? At(DateTimeOffset instant)
    {
        if (instant < Options.Start) return null;
        var index = (instant - Options.Start).Ticks / Options.Step.Ticks;
        var stepStart = Options.Start + TimeSpan.FromTicks(index * Options.Step.Ticks);
        lock (_lock)
        {
            if (_stream is null || _stream.Current.Observation.Timestamp > stepStart)
            {
                _stream?.Dispose();
                _stream = SyntheticLoad.Stream(Options).GetEnumerator();
                _stream.MoveNext();
            }
            while (_stream.Current.Observation.Timestamp < stepStart) _stream.MoveNext();
            return _stream.Current.Observation;
        }
    }

    private static SyntheticLoadOptions Validated(SyntheticLoadOptions options)
    {
        options.Validate();
        return options;
    }
}
