namespace LabA.Forecasting;

/// <summary>
/// The model's input schema: one forecast example, origin t and target t + horizon. Calendar columns describe the
/// target time; recent columns read only observations at or before t. A feature set uses a subset (see <see cref="FeatureSpec"/>).
/// </summary>
public sealed class ForecastRow
{
    // Calendar of the target time: known at t for any target, so servable from a timestamp alone.
    public float Hour { get; set; }
    public float Minute { get; set; }
    public float DayOfWeek { get; set; }
    public float MinuteOfDay { get; set; }
    public float MinuteOfDaySin { get; set; }
    public float MinuteOfDayCos { get; set; }
    public float IsWeekend { get; set; }

    // Recent observations, all at or before t.
    /// <summary>The value at t.</summary>
    public float Last { get; set; }
    /// <summary>The value at t minus the one a step before.</summary>
    public float LastChange { get; set; }
    /// <summary>The mean of the values in the rolling window ending at t.</summary>
    public float RollingMean { get; set; }
    /// <summary>The value one day before the target (at or before t, since the horizon is under a day).</summary>
    public float DayAgo { get; set; }
    /// <summary>How the series moved over the same stretch one day earlier: value(target - 1 day) - value(t - 1 day).</summary>
    public float DayAgoChange { get; set; }
    public float WeekAgo { get; set; }
    public float WeekAgoChange { get; set; }

    /// <summary>What the regression learns: the value at the target, or its change from the value at t (see <see cref="FeatureSpec.PredictsChange"/>).</summary>
    public float Label { get; set; }
}
