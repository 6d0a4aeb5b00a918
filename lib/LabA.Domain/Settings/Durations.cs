using System.Globalization;
using System.Text.RegularExpressions;

namespace LabA.Domain.Settings;

/// <summary>
/// Durations as people write them in Kubernetes-land: "90s", "5m", "1h30m", or a bare number of seconds
/// (the original lab's CURL_TIMEOUT=10).
/// </summary>
public static partial class Durations
{
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
