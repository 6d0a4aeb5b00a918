using LabA.Domain.Settings;
using LabA.Forecasting.Series;
using LabA.Prometheus;

namespace LabA.Trainer;

/// <summary>Where a command reads its series: a CSV file, or one PromQL range query; either way imported with <see cref="Import"/>.</summary>
public sealed record SeriesSource
{
    public string? DataPath { get; init; }
    public PrometheusRange? Prometheus { get; init; }
    public ImportOptions Import { get; init; } = new();

    public static SeriesSource File(string path) => new() { DataPath = path };

    /// <summary>What errors and reports call the source before it is read.</summary>
    public string Name => Prometheus is { } range ? $"{UrlRedaction.Redact(range.Url)} query {range.Query}" : DataPath!;

    public LoadSeries Load() => Prometheus is { } range
        ? PrometheusSeries.LoadAsync(range.Url, range.Query, range.Range, range.Step, range.End, Import, CancellationToken.None).GetAwaiter().GetResult()
        : SeriesCsv.Read(DataPath!, Import);
}
