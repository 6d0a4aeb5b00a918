namespace LabA.Domain.Scaling;

/// <summary>
/// The instants a recommendation must cover: from the moment new pods would be ready to the end of the window
/// until the next decision takes effect, one forecast every model step, the end itself included. The Predictor
/// serves the peak over these and the backtest replays the same peak, so both ask the model the same questions.
/// </summary>
public static class ForecastWindow
{
    public static IEnumerable<DateTimeOffset> Targets(DateTimeOffset first, TimeSpan window, TimeSpan step)
    {
        if (step <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(step), step, "a forecast step must be positive");
        var last = first + window;
        for (var target = first; target < last; target += step)
            yield return target;
        yield return last;
    }
}
