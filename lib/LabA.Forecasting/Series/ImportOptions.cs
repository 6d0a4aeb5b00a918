namespace LabA.Forecasting.Series;

/// <summary>How a series as users export it is put on a regular grid; see <see cref="SeriesImport"/> for the rules.</summary>
public sealed record ImportOptions
{
    /// <summary>The longest run of missing points that is filled by interpolation; a longer one refuses the series. The Scaler fills its observations to the same limit.</summary>
    public static readonly TimeSpan DefaultMaxGap = Domain.Series.LinearGapFill.DefaultMaxGap;

    public TimeSpan MaxGap { get; init; } = DefaultMaxGap;
    public DuplicatePolicy Duplicates { get; init; } = DuplicatePolicy.Error;
    /// <summary>The zone of timestamps written without an offset; null reads them as UTC.</summary>
    public TimeZoneInfo? TimeZone { get; init; }
    /// <summary>The clock a sample may not be ahead of by more than <see cref="LabA.Domain.Predict.LoadBounds.MaxLead"/>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
