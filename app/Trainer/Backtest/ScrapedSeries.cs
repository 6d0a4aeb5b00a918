using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>
/// The series as the closed-loop Scaler receives it from Prometheus. The Scaler range-queries the model's grid; the
/// sample at each grid instant t is the gauge's value when it was last scraped, one scrape interval (the lag) before t.
/// The load source holds each observation's value over its step, so with a lag of up to one step the point at t
/// carries the value of the observation before it.
/// </summary>
public static class ScrapedSeries
{
    /// <summary>Prometheus' scrape interval for the load source; any lag within one model step replays the same.</summary>
    public static readonly TimeSpan DefaultLag = TimeSpan.FromSeconds(15);

    /// <summary>Every grid point of <paramref name="series"/> with the value that was scraped <paramref name="lag"/> before it.</summary>
    public static LoadSeries Of(LoadSeries series, TimeSpan lag)
    {
        if (lag < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lag), lag, "the scrape lag must be >= 0");
        var observations = series.Observations;
        var scraped = new Observation[observations.Count];
        for (var i = 0; i < scraped.Length; i++)
        {
            var sampledAt = observations[i].Timestamp - lag;
            var index = (int)Math.Clamp(Math.Floor((sampledAt - series.Start) / series.Step), 0, observations.Count - 1);
            scraped[i] = new Observation(observations[i].Timestamp, observations[index].Value);
        }
        return LoadSeries.Create(scraped, series.Source);
    }
}
