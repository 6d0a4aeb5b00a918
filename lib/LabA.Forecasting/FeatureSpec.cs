using LabA.Domain.Settings;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>
/// Which features a model reads and how they are computed. Training and serving both build rows through
/// <see cref="Fill"/>, so a model sees at serve time exactly what it saw in training.
/// Only observations at or before the origin t (index <c>anchor</c>) are read; the target is t + horizon.
/// </summary>
public sealed record FeatureSpec
{
    public const string CalendarName = "calendar";
    public const string RecentName = "recent";
    public static readonly IReadOnlyList<string> FeatureSetNames = [CalendarName, RecentName];

    /// <summary>The rolling mean window the recent features and the rolling-mean baseline use.</summary>
    public static readonly TimeSpan DefaultRollingWindow = TimeSpan.FromHours(1);
    /// <summary>A seasonal lag is used when the series spans at least this many seasons, so it costs at most a quarter of the examples.</summary>
    private const int MinimumSeasonsForLag = 4;

    private static readonly string[] CalendarColumns =
        [nameof(ForecastRow.Hour), nameof(ForecastRow.Minute), nameof(ForecastRow.DayOfWeek), nameof(ForecastRow.MinuteOfDay),
         nameof(ForecastRow.MinuteOfDaySin), nameof(ForecastRow.MinuteOfDayCos), nameof(ForecastRow.IsWeekend)];
    private static readonly string[] LastColumns = [nameof(ForecastRow.Last), nameof(ForecastRow.LastChange), nameof(ForecastRow.RollingMean)];
    private static readonly string[] DayColumns = [nameof(ForecastRow.DayAgo), nameof(ForecastRow.DayAgoChange)];
    private static readonly string[] WeekColumns = [nameof(ForecastRow.WeekAgo), nameof(ForecastRow.WeekAgoChange)];

    public required bool Recent { get; init; }
    public required TimeSpan Step { get; init; }
    public required TimeSpan Horizon { get; init; }
    public required TimeSpan RollingWindow { get; init; }
    public required bool DayLag { get; init; }
    public required bool WeekLag { get; init; }

    public string FeatureSetName => Recent ? RecentName : CalendarName;
    public int HorizonSteps => (int)(Horizon.Ticks / Step.Ticks);
    public int RollingPoints => Math.Max(1, (int)(RollingWindow.Ticks / Step.Ticks));
    private int DaySteps => (int)(TimeSpan.FromDays(1).Ticks / Step.Ticks);
    private int WeekSteps => 7 * DaySteps;

    /// <summary>Recent models learn the change from the last value: trees then only model the movement, not the level.</summary>
    public bool PredictsChange => Recent;
    public string TargetName => PredictsChange ? "change" : "value";

    public IReadOnlyList<string> Columns =>
        [.. CalendarColumns, .. Recent ? LastColumns : [], .. DayLag ? DayColumns : [], .. WeekLag ? WeekColumns : []];

    /// <summary>How many observations ending at t one forecast reads (0 for calendar features).</summary>
    public int HistoryPoints
    {
        get
        {
            if (!Recent) return 0;
            var points = Math.Max(2, RollingPoints);
            if (DayLag) points = Math.Max(points, DaySteps + 1);
            if (WeekLag) points = Math.Max(points, WeekSteps + 1);
            return points;
        }
    }

    /// <summary>The features for a new model on <paramref name="series"/>; throws <see cref="SettingsException"/> naming the option at fault.</summary>
    public static FeatureSpec For(string featureSet, LoadSeries series, TimeSpan horizon, TimeSpan rollingWindow)
    {
        if (!FeatureSetNames.Contains(featureSet))
            throw new SettingsException("--features", $"'{featureSet}' is not a feature set (use {string.Join(" or ", FeatureSetNames)})");
        var step = series.Step;
        if (horizon <= TimeSpan.Zero || horizon.Ticks % step.Ticks != 0)
            throw new SettingsException("--horizon",
                $"{Durations.Format(horizon)} is not a positive multiple of the series step {Durations.Format(step)} ({series.Source})");
        if (horizon > ModelLimits.MaxHorizon)
            throw new SettingsException("--horizon", $"{Durations.Format(horizon)} is longer than the {Durations.Format(ModelLimits.MaxHorizon)} a model is served with");
        if (rollingWindow < step)
            throw new SettingsException("--rolling-window", $"{Durations.Format(rollingWindow)} is shorter than the series step {Durations.Format(step)}");
        var recent = featureSet == RecentName;
        var dividesDay = TimeSpan.FromDays(1).Ticks % step.Ticks == 0;
        bool Seasonal(TimeSpan season) => recent && dividesDay && horizon < season && series.Span >= season * MinimumSeasonsForLag;
        return new FeatureSpec
        {
            Recent = recent,
            Step = step,
            Horizon = horizon,
            RollingWindow = rollingWindow,
            DayLag = Seasonal(TimeSpan.FromDays(1)),
            WeekLag = Seasonal(TimeSpan.FromDays(7)),
        };
    }

    /// <summary>The features a saved model was trained with, from its card.</summary>
    public static FeatureSpec FromCard(ModelCard card)
    {
        if (!FeatureSetNames.Contains(card.FeatureSet)) throw new FormatException($"unknown feature set '{card.FeatureSet}'");
        if (card.Step <= TimeSpan.Zero || card.Horizon <= TimeSpan.Zero || card.Horizon.Ticks % card.Step.Ticks != 0)
            throw new FormatException($"horizon {card.Horizon} is not a positive multiple of step {card.Step}");
        var spec = new FeatureSpec
        {
            Recent = card.FeatureSet == RecentName,
            Step = card.Step,
            Horizon = card.Horizon,
            RollingWindow = card.RollingWindow,
            DayLag = card.Features.Contains(nameof(ForecastRow.DayAgo)),
            WeekLag = card.Features.Contains(nameof(ForecastRow.WeekAgo)),
        };
        if (!spec.Columns.SequenceEqual(card.Features) || spec.TargetName != card.Target)
            throw new FormatException($"features [{string.Join(", ", card.Features)}] predicting '{card.Target}' are not a combination this version builds");
        return spec;
    }

    /// <summary>Sets the calendar columns of <paramref name="row"/> from the target time (UTC).</summary>
    public static void FillCalendar(DateTimeOffset target, ForecastRow row)
    {
        var utc = target.UtcDateTime;
        var minuteOfDay = utc.TimeOfDay.TotalMinutes;
        var angle = 2 * Math.PI * minuteOfDay / (24 * 60);
        row.Hour = utc.Hour;
        row.Minute = utc.Minute;
        row.DayOfWeek = (float)utc.DayOfWeek;
        row.MinuteOfDay = (float)minuteOfDay;
        row.MinuteOfDaySin = (float)Math.Sin(angle);
        row.MinuteOfDayCos = (float)Math.Cos(angle);
        row.IsWeekend = utc.DayOfWeek is System.DayOfWeek.Saturday or System.DayOfWeek.Sunday ? 1 : 0;
    }

    /// <summary>
    /// Fills the columns for origin <paramref name="anchor"/> of <paramref name="series"/> from the observations as known
    /// at that origin: a filled (interpolated) value is read only once the real point that closed its gap is at or before
    /// the origin; inside a gap, its filled points read as the last real value (see <see cref="LoadSeries.KnownAt"/>).
    /// </summary>
    public void Fill(LoadSeries series, int anchor, ForecastRow row) => Fill(series.KnownAt(anchor), anchor, row);

    /// <summary>
    /// Fills every column this spec uses for the forecast made at <c>observations[anchor]</c> (the origin t) of the value at
    /// t + horizon. Reads observations[anchor - HistoryPoints + 1 .. anchor] only (none for calendar features); the caller
    /// guarantees they exist.
    /// </summary>
    public void Fill(IReadOnlyList<Observation> observations, int anchor, ForecastRow row)
    {
        FillCalendar(observations[anchor].Timestamp + Horizon, row);
        if (!Recent) return;
        var last = observations[anchor].Value;
        row.Last = (float)last;
        row.LastChange = (float)(last - observations[anchor - 1].Value);
        row.RollingMean = (float)RollingMeanAt(observations, anchor);
        if (DayLag)
        {
            var dayAgo = observations[anchor + HorizonSteps - DaySteps].Value;
            row.DayAgo = (float)dayAgo;
            row.DayAgoChange = (float)(dayAgo - observations[anchor - DaySteps].Value);
        }
        if (WeekLag)
        {
            var weekAgo = observations[anchor + HorizonSteps - WeekSteps].Value;
            row.WeekAgo = (float)weekAgo;
            row.WeekAgoChange = (float)(weekAgo - observations[anchor - WeekSteps].Value);
        }
    }

    public double RollingMeanAt(IReadOnlyList<Observation> observations, int anchor)
    {
        var count = Math.Min(RollingPoints, anchor + 1);
        var sum = 0.0;
        for (var i = anchor - count + 1; i <= anchor; i++) sum += observations[i].Value;
        return sum / count;
    }

    /// <summary>Index of the value one day (or week) before the target of origin <paramref name="anchor"/>, or null before the series starts.</summary>
    public int? SeasonAgoIndex(int anchor, TimeSpan season)
    {
        var index = anchor + HorizonSteps - (int)(season.Ticks / Step.Ticks);
        return season.Ticks % Step.Ticks == 0 && season > Horizon && index >= 0 ? index : null;
    }
}
