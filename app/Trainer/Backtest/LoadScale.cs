using System.Globalization;
using LabA.Domain.Settings;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>
/// How the replayed values become the CPU% the replica mapping reads. A CPU% series is used as it is; any other series
/// (requests, passengers...) is expressed as a percentage of its largest value before the replay window, a number known
/// before the replay starts, so that CPU_LOW and CPU_HIGH read as "share of the busiest moment seen so far".
/// </summary>
public sealed record LoadScale(string Description, double Divisor)
{
    public const string Auto = "auto";
    public const string Cpu = "cpu";
    public const string PercentOfMax = "percent-of-max";
    public static readonly string[] Names = [Auto, Cpu, PercentOfMax];

    public bool IsIdentity => Divisor == 100;

    /// <summary>How the chart's load axis reads; null: CPU% or % of max, as <see cref="IsIdentity"/> says.</summary>
    public string? AxisLabel { get; init; }

    /// <summary>
    /// Per-replica capacity: the values as they are, in the query's own unit (requests per second, queue depth), which the
    /// mapping divides by the capacity of one replica; never a percentage.
    /// </summary>
    public static LoadScale OwnUnit(LoadSeries series, double perReplica) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{series.ValueName} in its own unit, {perReplica} per replica"), 100) { AxisLabel = $"load ({series.ValueName})" };

    public double ToPercent(double value) => IsIdentity ? value : value / Divisor * 100;

    public LoadSeries Apply(LoadSeries series) => IsIdentity
        ? series
        : LoadSeries.Create([.. series.Observations.Select(o => o with { Value = ToPercent(o.Value) })], series.Source, $"{series.ValueName} as % of max");

    /// <summary>
    /// Picks the scale: <c>cpu</c> keeps the values, <c>percent-of-max</c> divides by the maximum before
    /// <paramref name="replayFrom"/>, and <c>auto</c> keeps a series that looks like CPU% (the generator's column,
    /// or every value within 0..100) and scales any other.
    /// </summary>
    public static LoadScale Choose(string unit, LoadSeries series, DateTimeOffset replayFrom)
    {
        var looksLikeCpu = series.ValueName == SeriesCsv.GeneratorValueColumn || series.Observations.All(o => o.Value is >= 0 and <= 100);
        var scaleToMax = unit switch
        {
            Cpu => false,
            PercentOfMax => true,
            Auto => !looksLikeCpu,
            _ => throw new SettingsException("--load-unit", $"'{unit}' is not one of {string.Join(", ", Names)}"),
        };
        if (!scaleToMax) return new LoadScale($"{series.ValueName} read as CPU%", 100);

        var before = series.Observations.Where(o => o.Timestamp < replayFrom).Select(o => o.Value).DefaultIfEmpty().Max();
        if (before <= 0)
            throw new SettingsException("--load-unit", $"percent-of-max needs positive values in {series.Source} before the replay starts at {replayFrom:O}");
        return new LoadScale(string.Create(CultureInfo.InvariantCulture,
            $"{series.ValueName} as % of {before:0.##}, its maximum before the replay window (CPU_LOW/CPU_HIGH apply to that percentage)"), before);
    }
}
