using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting.Series;
using LabA.Prometheus;

namespace LabA.Trainer;

/// <summary>
/// A load series from one PromQL range query. The range ends at <c>end</c> (default now) and starts <c>range</c> before
/// it, both moved down to a multiple of the step so the same range always yields the same grid. Each step is read one
/// scrape interval into it and labelled with it (<see cref="PrometheusClient.QueryStepsAsync"/>, as the Scaler reads);
/// a step whose first scrape is still to come is left out. The query must return exactly one series; instants without
/// a sample (missed scrapes) and NaN samples are gaps, imported by the same rules
/// as a CSV (<see cref="SeriesImport"/>).
/// </summary>
public static class PrometheusSeries
{
    public static readonly TimeSpan DefaultStep = TimeSpan.FromMinutes(1);

    public static async Task<LoadSeries> LoadAsync(
        string url, string query, TimeSpan range, TimeSpan step, DateTimeOffset end, ImportOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query)) throw new PrometheusException("--query is empty; give the PromQL expression of the load, e.g. sum(rate(http_requests_total[5m]))");
        if (range <= TimeSpan.Zero) throw new PrometheusException($"--range {Durations.Format(range)} must be positive");
        var server = ServerAddress.Parse(url);
        var last = PrometheusClient.AlignDown(end, step);
        if (last + Defaults.ScrapeInterval > DateTimeOffset.UtcNow) last -= step;
        var first = PrometheusClient.AlignDown(end - range, step);
        using var client = new PrometheusClient(server);
        var series = await client.QueryStepsAsync(query, first + Defaults.ScrapeInterval, last + Defaults.ScrapeInterval, step, cancellationToken);
        var source = $"{server.Display} query {query}";
        if (series.Count == 0)
            throw new PrometheusException($"{source}: no data between {SeriesImport.Format(first)} and {SeriesImport.Format(last)} (check the metric name and labels, and the range)");
        if (series.Count > 1)
            throw new PrometheusException(
                $"{source}: {series.Count} series ({string.Join(", ", series.Take(3).Select(one => one.Selector))}{(series.Count > 3 ? ", ..." : "")}); " +
                "the load must be one series: aggregate it, e.g. sum(...) or avg(...)");

        var rows = series[0].Samples
            .OrderBy(sample => sample.Timestamp)
            .Select(sample => new RawPoint(sample.Timestamp, double.IsNaN(sample.Value) ? null : sample.Value, null))
            .ToArray();
        var description = new PrometheusQuery(server.Display, query, first, last, step);
        return SeriesImport.Build(rows, source, ValueName(series[0]), options, description);
    }

    /// <summary>The series' metric name when it has one, else "value" (aggregations drop the name).</summary>
    private static string ValueName(QueriedSeries series) => series.Labels.TryGetValue("__name__", out var name) ? name : "value";
}
