using System.Globalization;
using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Series;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Prometheus;

namespace LabA.Scaler.Observations;

/// <summary>
/// Reads the load a run decides on: one range query of LOAD_QUERY over the observation window at the model's step,
/// ending at the decision time, so that the newest reading is the freshest Prometheus has. Each reading is labelled with
/// the model step it belongs to (<see cref="PrometheusClient.QueryStepsAsync"/>): a step is observed from its first
/// scrape on, and the labels lie on the grid the model was trained on. Anything that must not steer a decision is an
/// <see cref="ObservationException"/>: Prometheus unreachable or refusing the query, no series or more than one, a
/// latest sample that is NaN or infinite, older than two steps (stale) or outside what the replica mapping takes.
/// Missed scrapes (and NaN samples before the latest) are filled as the Trainer's import fills them
/// (<see cref="LinearGapFill"/>), up to its limit; only the points after a longer gap are returned.
/// </summary>
/// <param name="maxLoad">The largest load the workload's replica mapping takes (<see cref="ReplicaMapping.MaxLoad"/>).</param>
/// <param name="source">How lines name the query: LOAD_QUERY, or the workload whose query it is.</param>
internal sealed class LoadObserver(PrometheusClient prometheus, string query, double maxLoad, string source)
{
    /// <summary>A latest point older than this many model steps is stale.</summary>
    public const int StaleAfterSteps = 2;

    public async Task<IReadOnlyList<ObservationItem>> ObserveAsync(
        DateTimeOffset now, TimeSpan step, TimeSpan window, CancellationToken cancellationToken)
    {
        // Whole steps back from now, so that now itself is one of the instants evaluated.
        var end = now;
        var start = end - step * Math.Ceiling(window / step);
        IReadOnlyList<QueriedSeries> series;
        try
        {
            series = await prometheus.QueryStepsAsync(query, start, end, step, cancellationToken);
        }
        catch (PrometheusException e)
        {
            throw new ObservationException(e.Message);
        }
        var asked = $"{source} {query} at {prometheus.Server.Display}";
        if (series.Count == 0)
            throw new ObservationException($"{asked} returned no series between {PredictTimestamp.Write(start)} and {PredictTimestamp.Write(end)}");
        if (series.Count > 1)
            throw new ObservationException(
                $"{asked} returned {series.Count} series ({string.Join(", ", series.Take(3).Select(one => one.Selector))}{(series.Count > 3 ? ", ..." : "")}); "
                + "it must return exactly one: aggregate it, e.g. sum(...)");

        var samples = series[0].Samples.OrderBy(sample => sample.Timestamp).ToList();
        if (samples.Count == 0)
            throw new ObservationException($"{asked} returned a series with no samples between {PredictTimestamp.Write(start)} and {PredictTimestamp.Write(end)}");
        var latest = samples[^1];
        if (!double.IsFinite(latest.Value))
            throw new ObservationException($"{asked} returned NaN or Inf at {PredictTimestamp.Write(latest.Timestamp)}");
        if (now - latest.Timestamp > step * StaleAfterSteps)
            throw new ObservationException(
                $"{asked} is stale: its latest point is at {PredictTimestamp.Write(latest.Timestamp)}, " +
                $"more than {StaleAfterSteps} steps ({Durations.Format(step * StaleAfterSteps)}) before {PredictTimestamp.Write(now)}");
        if (latest.Value < 0 || latest.Value > maxLoad)
            throw new ObservationException(
                $"{asked} returned {latest.Value.ToString(CultureInfo.InvariantCulture)} at {PredictTimestamp.Write(latest.Timestamp)}, " +
                $"outside the loads the replica mapping takes (0 to {maxLoad.ToString(CultureInfo.InvariantCulture)})");
        // An earlier NaN, or a load no part of the loop takes (LoadBounds: the Predictor would refuse the whole window for
        // it), is a sample without a value, as a missed scrape is: filled, never sent to the model.
        var (points, _) = LinearGapFill.FillNewestRun(
            [.. samples.Where(sample => LoadBounds.IsValue(sample.Value)).Select(sample => (sample.Timestamp, sample.Value))], step, LinearGapFill.DefaultMaxGap);
        return [.. points.Select(point => new ObservationItem(point.Timestamp, point.Value))];
    }
}
