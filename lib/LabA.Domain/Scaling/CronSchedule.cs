using Cronos;
using LabA.Domain.Settings;

namespace LabA.Domain.Scaling;

/// <summary>
/// A Kubernetes CronJob schedule (five fields, UTC). The Scaler asks for a forecast covering the time until the
/// next run, so the interval between runs matters as much as validity.
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    public string Text { get; }

    public static CronSchedule Parse(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new SettingsException(key, "is empty; write a five-field cron such as */2 * * * *");
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
            throw new SettingsException(key, $"'{text}' has {fields.Length} fields; a CronJob schedule has five (minute hour day month weekday)");
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(string.Join(' ', fields), CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new SettingsException(key, $"'{text}' is not a valid cron expression: {e.Message}");
        }
        // Valid fields can still name a day no month has (the 30th of February): a CronJob that never runs, with nothing to say so.
        if (expression.GetNextOccurrence(NeverProbeStart, TimeZoneInfo.Utc) is null)
            throw new SettingsException(key, $"'{text}' never fires: no month has that day (a CronJob on it would never run)");
        return new CronSchedule(string.Join(' ', fields), expression);
    }

    /// <summary>A leap year's start: every date a cron can name comes within the following four years, the 29th of February included.</summary>
    private static readonly DateTimeOffset NeverProbeStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset? NextAfter(DateTimeOffset instant) =>
        _expression.GetNextOccurrence(instant, TimeZoneInfo.Utc);

    /// <summary>The longest gap between two consecutive runs over a week: the window a decision must cover.</summary>
    public TimeSpan LongestInterval()
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddDays(7);
        var occurrences = _expression.GetOccurrences(start, end, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true).Take(20_000).ToList();
        if (occurrences.Count < 2) return TimeSpan.FromDays(7);
        var longest = TimeSpan.Zero;
        for (var i = 1; i < occurrences.Count; i++)
        {
            var gap = occurrences[i] - occurrences[i - 1];
            if (gap > longest) longest = gap;
        }
        return longest;
    }
}
