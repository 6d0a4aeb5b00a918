using System.Globalization;

namespace LabA.Domain.Settings;

/// <summary>
/// Reads typed settings from a key lookup (the process environment, or a dictionary in tests), failing with a
/// <see cref="SettingsException"/> that names the key. An unset or empty key takes the default.
/// </summary>
public sealed class EnvReader(Func<string, string?> lookup)
{
    public static EnvReader FromProcess() => new(Environment.GetEnvironmentVariable);

    /// <summary>Nothing set: every setting at its default.</summary>
    public static EnvReader Empty { get; } = new(_ => null);

    public static EnvReader From(IReadOnlyDictionary<string, string> values) =>
        new(key => values.TryGetValue(key, out var value) ? value : null);

    private string? Raw(string key)
    {
        var value = lookup(key);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public string String(string key, string fallback) => Raw(key) ?? fallback;

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var raw = Raw(key);
        if (raw is null) return fallback;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new SettingsException(key, $"'{raw}' is not a whole number");
        return InRange(key, value, min, max);
    }

    public double Double(string key, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var raw = Raw(key);
        if (raw is null) return fallback;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new SettingsException(key, $"'{raw}' is not a number");
        return InRange(key, value, min, max);
    }

    public bool Bool(string key, bool fallback)
    {
        var raw = Raw(key);
        if (raw is null) return fallback;
        return raw.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new SettingsException(key, $"'{raw}' is not true or false"),
        };
    }

    /// <param name="days">A span of history, which may start with whole days ("7d", "1d12h"); a timeout never does.</param>
    public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan? min = null, TimeSpan? max = null, bool days = false)
    {
        var raw = Raw(key);
        if (raw is null) return fallback;
        if (!(days ? Durations.TryParseWithDays(raw, out var value) : Durations.TryParse(raw, out value)))
            throw new SettingsException(key, $"'{raw}' is not a duration (write e.g. 30s, 5m, 1h30m{(days ? ", 7d" : "")}, or seconds)");
        string Format(TimeSpan span) => days ? Durations.FormatWithDays(span) : Durations.Format(span);
        if (min is { } floor && value < floor)
            throw new SettingsException(key, $"{Format(value)} is below the minimum {Format(floor)}");
        if (max is { } ceiling && value > ceiling)
            throw new SettingsException(key, $"{Format(value)} is above the maximum {Format(ceiling)}");
        return value;
    }

    public Uri AbsoluteUri(string key, string fallback)
    {
        var raw = Raw(key) ?? fallback;
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new SettingsException(key, $"'{UrlRedaction.Redact(raw)}' is not an absolute http(s) URL");
        return uri;
    }

    private static T InRange<T>(string key, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0) throw new SettingsException(key, $"{value} is below the minimum {min}");
        if (value.CompareTo(max) > 0) throw new SettingsException(key, $"{value} is above the maximum {max}");
        return value;
    }
}
