using System.Globalization;
using System.Text.RegularExpressions;

namespace LabA.Domain.Settings;

/// <summary>
/// Durations as people write them in Kubernetes-land: "90s", "5m", "1h30m", or a bare number of seconds
/// (e.g. CURL_TIMEOUT=10).
/// </summary>
public static partial class Durations
{
    /// <summary>
    /// A week at one-minute steps: the bound on a /predict window, on the observations a model may read and on the work
    /// one request may ask for.
    /// </summary>
    public const int MinutesPerWeek = 7 * 24 * 60;

    [GeneratedRegex(@"^(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m)?(?:(?<s>\d+(?:\.\d+)?)s)?$")]
    private static partial Regex UnitsPattern();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (!double.IsFinite(seconds) || seconds < 0) return false;
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }
        var match = UnitsPattern().Match(text);
        if (!match.Success || match.Length == 0) return false;
        double Part(string group) => match.Groups[group].Success
            ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture)
            : 0;
        value = TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s"));
        return true;
    }

    [GeneratedRegex(@"^(?<days>\d+)d(?<rest>.*)$")]
    private static partial Regex DaysPattern();

    /// <summary>
    /// A span of history as Prometheus writes ranges: whole days first ("14d", "1d12h"), else as <see cref="TryParse"/>
    /// reads it ("36h"). Only spans of history take days (the Trainer's --range, the retrain range, the observation window); a timeout never does.
    /// </summary>
    public static bool TryParseWithDays(string? text, out TimeSpan value)
    {
        value = default;
        var match = DaysPattern().Match(text?.Trim() ?? "");
        if (!match.Success) return TryParse(text, out value);
        if (!int.TryParse(match.Groups["days"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days > MaxDays) return false;
        var rest = TimeSpan.Zero;
        if (match.Groups["rest"].Value is { Length: > 0 } remainder && !TryParse(remainder, out rest)) return false;
        value = TimeSpan.FromDays(days) + rest;
        return true;
    }

    /// <summary>More days than any history holds; it also keeps the sum well inside <see cref="TimeSpan.MaxValue"/>.</summary>
    private const int MaxDays = 100_000;

    /// <summary>The shortest form <see cref="TryParseWithDays"/> reads back to the same value, e.g. "14d" or "1d12h".</summary>
    public static string FormatWithDays(TimeSpan value)
    {
        var days = TimeSpan.FromDays(value.Days);
        if (days == TimeSpan.Zero) return Format(value);
        return $"{value.Days}d" + (value == days ? "" : Format(value - days));
    }

    /// <summary>The shortest form <see cref="TryParse"/> reads back to the same value, e.g. "5m" or "1h30m".</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0s";
        var text = "";
        if (value.Hours + value.Days * 24 > 0) text += $"{value.Hours + value.Days * 24}h";
        if (value.Minutes > 0) text += $"{value.Minutes}m";
        var seconds = value.Seconds + value.Milliseconds / 1000.0;
        if (seconds > 0) text += string.Create(CultureInfo.InvariantCulture, $"{seconds:0.###}s");
        return text;
    }
}
