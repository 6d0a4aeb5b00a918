using LabA.Domain.Settings;

namespace LabA.Forecasting.Series;

/// <summary>
/// Turns local wall-clock times of one export, read in file order, into UTC instants. A time the clocks skipped
/// (spring forward) is an error naming the line. A time the clocks went through twice (fall back) is read as its first
/// occurrence until the file's clock goes back within that repeated hour, and as the second occurrence from then on.
/// </summary>
public sealed class LocalTimeResolver(TimeZoneInfo zone, string source)
{
    private DateTime? _previousAmbiguous;
    private bool _secondPass;

    public TimeZoneInfo Zone => zone;

    /// <summary>The zone for an IANA id such as "Europe/Berlin", from the system's tz database.</summary>
    public static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new SettingsException("--time-zone", $"'{id}' is not a time zone this machine knows (use an IANA id such as Europe/Berlin or America/New_York)");
        }
    }

    public DateTimeOffset ToUtc(DateTime local, int? line)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            throw new SeriesFormatException(source, line,
                $"local time {local:yyyy-MM-dd HH:mm:ss} does not exist in {zone.Id}: the clocks skipped it when daylight saving time began");
        TimeSpan offset;
        if (zone.IsAmbiguousTime(local))
        {
            if (_previousAmbiguous is { } previous)
            {
                if ((local - previous).Duration() > TimeSpan.FromDays(1)) _secondPass = false;
                else if (local <= previous) _secondPass = true;
            }
            _previousAmbiguous = local;
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            // Before the clocks go back the offset is the larger (daylight) one.
            offset = _secondPass ? offsets.Min() : offsets.Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
