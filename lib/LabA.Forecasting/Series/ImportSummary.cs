using LabA.Domain.Settings;

namespace LabA.Forecasting.Series;

/// <summary>
/// What an import did to put a series on its grid, as the train summary prints it and the model card records it.
/// Filled points are interpolated and never scored or trained on as targets.
/// </summary>
public sealed record ImportSummary
{
    /// <summary>Rows read from the source, blank cells included.</summary>
    public required int RowsRead { get; init; }
    /// <summary>The grid's step: the median spacing of the rows.</summary>
    public required TimeSpan Step { get; init; }
    /// <summary>Missing grid points filled by linear interpolation.</summary>
    public required int PointsFilled { get; init; }
    /// <summary>How many runs of missing points were filled.</summary>
    public required int Gaps { get; init; }
    /// <summary>The longest run of missing points, as a duration (missing points × step); zero without gaps.</summary>
    public required TimeSpan LongestGap { get; init; }
    /// <summary>Rows dropped because an earlier row had the same grid point and the same value.</summary>
    public required int DuplicatesDropped { get; init; }
    /// <summary>Rows whose different values for one grid point were merged by --duplicates mean or last.</summary>
    public required int DuplicatesMerged { get; init; }
    /// <summary>Rows whose timestamp was moved, by less than half a step, onto the grid.</summary>
    public required int PointsSnapped { get; init; }
    /// <summary>
    /// Rows that shared one timestamp right after a gap of exactly as many missing points, placed into that gap in
    /// file order (an exporter that writes a skipped hour with one clamped timestamp).
    /// </summary>
    public required int RowsPlacedInGap { get; init; }
    /// <summary>Blank cells before the first or after the last value: nothing to interpolate from, so dropped.</summary>
    public required int BlankEdgesDropped { get; init; }
    /// <summary>The IANA zone local timestamps were read in; null when they were read as UTC.</summary>
    public string? TimeZone { get; init; }

    /// <summary>True when the import changed nothing: the source was already a complete regular series.</summary>
    public bool Untouched => PointsFilled == 0 && DuplicatesDropped == 0 && DuplicatesMerged == 0 && PointsSnapped == 0 && RowsPlacedInGap == 0 && BlankEdgesDropped == 0;

    /// <summary>One line for the train and evaluate summaries.</summary>
    public string Describe()
    {
        if (Untouched) return $"Import: {RowsRead} rows, complete at {Durations.Format(Step)} step; nothing filled, dropped or moved";
        var parts = new List<string>
        {
            PointsFilled == 0 ? "no gaps" : $"{PointsFilled} point(s) filled by interpolation in {Gaps} gap(s), the longest {Durations.Format(LongestGap)} (never used as targets)",
            $"{DuplicatesDropped} exact duplicate(s) dropped",
        };
        if (DuplicatesMerged > 0) parts.Add($"{DuplicatesMerged} duplicate value(s) merged");
        parts.Add($"{PointsSnapped} timestamp(s) snapped to the grid");
        if (RowsPlacedInGap > 0) parts.Add($"{RowsPlacedInGap} row(s) sharing a clamped timestamp placed into the gap before it");
        if (BlankEdgesDropped > 0) parts.Add($"{BlankEdgesDropped} blank row(s) at the edges dropped");
        return $"Import: {RowsRead} rows at {Durations.Format(Step)} step{(TimeZone is null ? "" : $", local time {TimeZone}")}: {string.Join(", ", parts)}";
    }
}
