using System.Globalization;
using LabA.Domain.Predict;
using LabA.Domain.Settings;
using Microsoft.Extensions.Primitives;

namespace LabA.Predictor.Serving;

/// <summary>
/// The query of /predict: which instant to forecast (<c>at</c>, or <c>hour</c>/<c>minute</c> of day in UTC, or by default
/// now plus the model's horizon) and over how many minutes after it the recommendation must hold (<c>window</c>).
/// </summary>
internal sealed record PredictQuery(DateTimeOffset? At, int? Hour, int? Minute, int WindowMinutes)
{
    /// <summary>
    /// A week: the Scaler asks for the time until its next run, which a sparse cron schedule can make days long; each
    /// step of the window costs one prediction (about a microsecond), so a week at one-minute steps stays in milliseconds.
    /// </summary>
    public const int MaxWindowMinutes = Durations.MinutesPerWeek;
    /// <summary>Far enough for any backtest, near enough that adding a window can never leave the calendar.</summary>
    public static readonly TimeSpan MaxDistanceFromNow = TimeSpan.FromDays(100 * 366);

    public static PredictQuery Parse(IQueryCollection query, DateTimeOffset now, out ParameterProblem? problem)
    {
        problem = null;
        var hour = Integer(query, PredictQueryKeys.Hour, 0, 23, ref problem);
        var minute = Integer(query, PredictQueryKeys.Minute, 0, 59, ref problem);
        var window = Integer(query, PredictQueryKeys.Window, 0, MaxWindowMinutes, ref problem) ?? 0;
        var at = Instant(query, PredictQueryKeys.At, now, ref problem);
        if (problem is null && at is not null && (hour is not null || minute is not null))
            problem = new ParameterProblem(PredictQueryKeys.At, "give either at or hour/minute, not both");
        return new PredictQuery(at, hour, minute, window);
    }

    /// <summary>
    /// The instant to forecast. Without <c>at</c>, hour and minute name a time of day in UTC and mean its next occurrence
    /// at or after <paramref name="reference"/> (to the minute), so "14:30" asked at 15:00 is tomorrow's 14:30: a forecast
    /// is about the future. A missing hour or minute is taken from <paramref name="reference"/> plus the horizon.
    /// </summary>
    public DateTimeOffset Target(DateTimeOffset reference, TimeSpan horizon)
    {
        if (At is { } at) return at;
        var reachable = TruncateToMinute(reference.ToUniversalTime() + horizon);
        if (Hour is null && Minute is null) return reachable;
        var now = TruncateToMinute(reference.ToUniversalTime());
        var candidate = new DateTimeOffset(now.Year, now.Month, now.Day, Hour ?? reachable.Hour, Minute ?? reachable.Minute, 0, TimeSpan.Zero);
        return candidate < now ? candidate.AddDays(1) : candidate;
    }

    private static DateTimeOffset TruncateToMinute(DateTimeOffset t) =>
        new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);

    private static string? Single(IQueryCollection query, string key, ref ParameterProblem? problem)
    {
        if (!query.TryGetValue(key, out var values) || StringValues.IsNullOrEmpty(values)) return null;
        if (values.Count > 1)
        {
            problem ??= new ParameterProblem(key, "given more than once");
            return null;
        }
        return values[0];
    }

    private static int? Integer(IQueryCollection query, string key, int min, int max, ref ParameterProblem? problem)
    {
        var raw = Single(query, key, ref problem);
        if (raw is null) return null;
        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            problem ??= new ParameterProblem(key, $"'{Shorten(raw)}' is not a whole number (expected {min}-{max})");
            return null;
        }
        if (value < min || value > max)
        {
            problem ??= new ParameterProblem(key, $"{value} is out of range {min}-{max}");
            return null;
        }
        return value;
    }

    private static DateTimeOffset? Instant(IQueryCollection query, string key, DateTimeOffset now, ref ParameterProblem? problem)
    {
        var raw = Single(query, key, ref problem);
        if (raw is null) return null;
        if (!PredictTimestamp.TryParse(raw, out var value))
        {
            problem ??= new ParameterProblem(key,
                $"'{Shorten(raw)}' is not an ISO-8601 instant like {PredictTimestamp.Example} (write a '+' offset as %2B in a URL)");
            return null;
        }
        if ((value - now).Duration() > MaxDistanceFromNow)
        {
            problem ??= new ParameterProblem(key, $"{value:O} is more than 100 years from now");
            return null;
        }
        return value;
    }

    /// <summary>Echoes what the caller sent, but never a whole megabyte of it.</summary>
    internal static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..40] + "...";
}
