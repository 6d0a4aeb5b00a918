using System.Globalization;
using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Prometheus;

namespace LabA.Scaler.Observations;

/// <summary>
/// Reads the load a run decides on: one range query of LOAD_QUERY over the observation window at the model's step,
/// ending at the decision time moved down to the step (the grid the model was trained on). Anything that must not steer a
/// decision is an <see cref="ObservationException"/>: Prometheus unreachable or refusing the query, no series or more than
/// one, a NaN or infinite sample, a latest point older than two steps (stale), a latest load outside what the replica
/// mapping takes.
/// </summary>
internal sealed class LoadObserver(PrometheusClient prometheus, string query)
{
    /// <summary>A latest point older than this many model steps is stale.</summary>
    public const int StaleAfterSteps = 2;

    public async Task<IReadOnlyList<ObservationItem>> ObserveAsync(
        DateTimeOffset now, TimeSpan step, TimeSpan window, CancellationToken cancellationToken)
    {
        var end = PrometheusClient.AlignDown(now, step);
        var start = end - window;
        IReadOnlyList<QueriedSeries> series;
        try
        {
            series = await prometheus.QueryRangeAsync(query, start, end, step, cancellationToken);
        }
        catch (PrometheusException e)
        {
            throw new ObservationException(e.Message);
        }
        var asked = $"{EnvVars.LoadQuery} {query} at {prometheus.Server.Display}";
        if (series.Count == 0)
            throw new ObservationException($"{asked} returned no series between {PredictTimestamp.Write(start)} and {PredictTimestamp.Write(end)}");
        if (series.Count > 1)
            throw new ObservationException(
                $"{asked} returned {series.Count} series ({string.Join(", ", series.Take(3).Select(one => one.Selector))}{(series.Count > 3 ? ", ..." : "")}); "
                + "it must return exactly one: aggregate it, e.g. sum(...)");

        var samples = series[0].Samples.OrderBy(sample => sample.Timestamp).ToList();
        if (samples.Count == 0)
            throw new ObservationException($"{asked} returned a series with no samples between {PredictTimestamp.Write(start)} and {PredictTimestamp.Write(end)}");
        var nonFinite = samples.FindIndex(sample => !double.IsFinite(sample.Value));
        if (nonFinite >= 0)
            throw new ObservationException($"{asked} returned NaN or Inf at {PredictTimestamp.Write(samples[nonFinite].Timestamp)}");
        var latest = samples[^1];
        if (now - latest.Timestamp > step * StaleAfterSteps)
            throw new ObservationException(
                $"{asked} is stale: its latest point is at {PredictTimestamp.Write(latest.Timestamp)}, " +
                $"more than {StaleAfterSteps} steps ({Durations.Format(step * StaleAfterSteps)}) before {PredictTimestamp.Write(now)}");
        if (latest.Value is < 0 or > ReplicaMapping.MaxCpuPercent)
            throw new ObservationException(
                $"{asked} returned {latest.Value.ToString(CultureInfo.InvariantCulture)} at {PredictTimestamp.Write(latest.Timestamp)}, " +
                $"outside the loads the replica mapping takes (0 to {ReplicaMapping.MaxCpuPercent})");
        return [.. samples.Select(sample => new ObservationItem(sample.Timestamp, sample.Value))];
    }
}
