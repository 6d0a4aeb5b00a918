using System.Globalization;

namespace LabA.Domain.Settings;

/// <summary>
/// Which quantile of the forecast error to provision for (PROVISION_QUANTILE): the load to provision for is the forecast
/// plus the margin <see cref="ForecastResiduals.Margin"/> gives at this level. 0.9 means "enough for 90% of the errors the
/// model made on its validation slice". <see cref="Off"/> (written "off" or 0) provisions for the plain mean forecast.
/// </summary>
public readonly record struct ProvisioningQuantile
{
    /// <summary>Below the median the margin would deliberately under-provision; use <see cref="Off"/> for the raw forecast.</summary>
    public const double Min = 0.5;
    /// <summary>The highest level the model card's quantiles serve; beyond it a few hundred validation errors say little.</summary>
    public const double Max = 0.99;
    public const string OffText = "off";

    public static ProvisioningQuantile Off => default;

    private ProvisioningQuantile(double level) => Level = level;

    /// <summary>The quantile in [<see cref="Min"/>, <see cref="Max"/>]; null when <see cref="IsOff"/>.</summary>
    public double? Level { get; }

    public bool IsOff => Level is null;

    /// <summary>A quantile level; throws <see cref="ArgumentOutOfRangeException"/> outside [<see cref="Min"/>, <see cref="Max"/>].</summary>
    public static ProvisioningQuantile Of(double level) => level is >= Min and <= Max
        ? new ProvisioningQuantile(level)
        : throw new ArgumentOutOfRangeException(nameof(level), level, $"a provisioning quantile is between {Min} and {Max}");

    /// <summary>"off" or "0" (no margin), or a number in [0.5, 0.99]; anything else is a <see cref="SettingsException"/> naming <paramref name="key"/>.</summary>
    public static ProvisioningQuantile Parse(string key, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals(OffText, StringComparison.OrdinalIgnoreCase)) return Off;
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var level) || !double.IsFinite(level))
            throw new SettingsException(key, $"'{text}' is not a quantile (write e.g. 0.9, or {OffText} for the plain forecast)");
        if (level == 0) return Off;
        if (level is < Min or > Max)
            throw new SettingsException(key, $"{level.ToString(CultureInfo.InvariantCulture)} is outside {Min}..{Max} (or {OffText}/0 for the plain forecast)");
        return new ProvisioningQuantile(level);
    }

    public override string ToString() => Level is { } level ? level.ToString("0.0##", CultureInfo.InvariantCulture) : OffText;
}
