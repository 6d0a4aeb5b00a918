using System.Globalization;

namespace LabA.Domain.Settings;

/// <summary>
/// One setting of a deployable, declared once: its environment variable, the stack key that sets it (when the stack
/// exposes it), its default, its bounds and a one-line description. The app reads it, the stack writes it into the
/// pod's env and reads its key, and docs/settings.md shows its row, all from this one declaration.
/// </summary>
public abstract class Setting
{
    private protected Setting(string env, string description, string? stackKey, string? bounds)
    {
        Env = env;
        Description = description;
        StackKey = stackKey;
        Bounds = bounds;
    }

    /// <summary>The environment variable the app reads.</summary>
    public string Env { get; }

    /// <summary>What it does, one line (a row of docs/settings.md).</summary>
    public string Description { get; }

    /// <summary>The stack config key that sets it (<c>podStartup</c> for <c>lab-a:podStartup</c>); null: the stack derives it.</summary>
    public string? StackKey { get; }

    /// <summary>The bounds as the docs write them (<c>0s..2h</c>); null when the type alone bounds it.</summary>
    public string? Bounds { get; }

    /// <summary>The default as env and the stack file spell it; null when it is unset by default.</summary>
    public abstract string? DefaultText { get; }

    public override string ToString() => Env;

    public static Setting<int> Int(string env, int fallback, string description, int min = int.MinValue, int max = int.MaxValue, string? stackKey = null) =>
        new(env, fallback, description, stackKey, NumberBounds(min, max, int.MinValue, int.MaxValue),
            (reader, key) => reader.Int(key, fallback, min, max), value => value.ToString(CultureInfo.InvariantCulture));

    public static Setting<double> Double(
        string env, double fallback, string description, double min = double.MinValue, double max = double.MaxValue, string? stackKey = null) =>
        new(env, fallback, description, stackKey, NumberBounds(min, max, double.MinValue, double.MaxValue),
            (reader, key) => reader.Double(key, fallback, min, max), value => value.ToString("R", CultureInfo.InvariantCulture));

    public static Setting<bool> Bool(string env, bool fallback, string description, string? stackKey = null) =>
        new(env, fallback, description, stackKey, null, (reader, key) => reader.Bool(key, fallback), value => value ? "true" : "false");

    /// <param name="days">A span of history, written with whole days ("7d"); a timeout never is.</param>
    public static Setting<TimeSpan> Duration(
        string env, TimeSpan fallback, string description, TimeSpan? min = null, TimeSpan? max = null, bool days = false, string? stackKey = null) =>
        new(env, fallback, description, stackKey, DurationBounds(min, max, days),
            (reader, key) => reader.Duration(key, fallback, min, max, days), value => FormatDuration(value, days));

    /// <summary>A duration that is unset by default, when something else (a model's card) decides.</summary>
    public static Setting<TimeSpan?> OptionalDuration(
        string env, string description, TimeSpan? min = null, TimeSpan? max = null, bool days = false, string? stackKey = null) =>
        new(env, null, description, stackKey, DurationBounds(min, max, days),
            (reader, key) => reader.String(key, "").Length == 0 ? null : reader.Duration(key, TimeSpan.Zero, min, max, days),
            value => value is { } span ? FormatDuration(span, days) : null);

    /// <param name="check">Validates a value, failing with a <see cref="SettingsException"/> naming the key it is given.</param>
    public static Setting<string> Text(string env, string fallback, string description, Func<string, string, string>? check = null, string? stackKey = null) =>
        new(env, fallback, description, stackKey, null,
            (reader, key) => check is null ? reader.String(key, fallback) : check(key, reader.String(key, fallback)), value => value);

    /// <summary>Text that is unset by default; <paramref name="check"/> sees only a value that is set.</summary>
    public static Setting<string?> OptionalText(string env, string description, Func<string, string, string>? check = null, string? stackKey = null) =>
        new(env, null, description, stackKey, null,
            (reader, key) => reader.String(key, "") is { Length: > 0 } text ? check is null ? text : check(key, text) : null, value => value);

    public static Setting<Uri> Url(string env, Uri fallback, string description, string? stackKey = null) =>
        new(env, fallback, description, stackKey, null, (reader, key) => reader.AbsoluteUri(key, fallback.AbsoluteUri), value => value.AbsoluteUri);

    public static Setting<Uri?> OptionalUrl(string env, string description, string? stackKey = null) =>
        new(env, null, description, stackKey, null,
            (reader, key) => reader.String(key, "").Length == 0 ? null : reader.AbsoluteUri(key, ""), value => value?.AbsoluteUri);

    /// <summary>A value of its own type: <paramref name="parse"/> reads a set value (failing naming the key it is given), <paramref name="format"/> writes one back.</summary>
    public static Setting<T> Of<T>(
        string env, T fallback, string description, Func<string, string, T> parse, Func<T, string?> format, string? bounds = null, string? stackKey = null) =>
        new(env, fallback, description, stackKey, bounds,
            (reader, key) => reader.String(key, "") is { Length: > 0 } text ? parse(key, text) : fallback, format);

    private static string FormatDuration(TimeSpan value, bool days) => days ? Durations.FormatWithDays(value) : Durations.Format(value);

    private static string? DurationBounds(TimeSpan? min, TimeSpan? max, bool days) => (min, max) switch
    {
        (null, null) => null,
        ({ } floor, null) => $"at least {FormatDuration(floor, days)}",
        (null, { } ceiling) => $"at most {FormatDuration(ceiling, days)}",
        ({ } floor, { } ceiling) => $"{FormatDuration(floor, days)}..{FormatDuration(ceiling, days)}",
    };

    private static string? NumberBounds<T>(T min, T max, T lowest, T highest) where T : IEquatable<T>, IFormattable
    {
        string Text(T value) => value.ToString(null, CultureInfo.InvariantCulture);
        return (min.Equals(lowest), max.Equals(highest)) switch
        {
            (true, true) => null,
            (false, true) => $"at least {Text(min)}",
            (true, false) => $"at most {Text(max)}",
            (false, false) => $"{Text(min)}..{Text(max)}",
        };
    }
}

/// <summary>A setting of type <typeparamref name="T"/>: read from env (or the stack's config) and written back to env.</summary>
public sealed class Setting<T> : Setting
{
    private readonly Func<EnvReader, string, T> _read;
    private readonly Func<T, string?> _format;

    internal Setting(string env, T fallback, string description, string? stackKey, string? bounds, Func<EnvReader, string, T> read, Func<T, string?> format)
        : base(env, description, stackKey, bounds)
    {
        Default = fallback;
        _read = read;
        _format = format;
    }

    /// <summary>What an unset or empty variable (or stack key) reads as.</summary>
    public T Default { get; }

    public override string? DefaultText => _format(Default);

    /// <summary>The value of <see cref="Setting.Env"/>; a bad one is a <see cref="SettingsException"/> naming it.</summary>
    public T Read(EnvReader env) => _read(env, Env);

    /// <summary>The value under another name, e.g. the stack key <c>lab-a:podStartup</c>, which errors then name.</summary>
    public T Read(EnvReader reader, string key) => _read(reader, key);

    /// <summary>The form <see cref="Read(EnvReader)"/> reads back to <paramref name="value"/>; null for a value that is unset.</summary>
    public string? Format(T value) => _format(value);

    /// <summary>The variable spelt out, empty for a value that is unset.</summary>
    public KeyValuePair<string, string> Write(T value) => new(Env, _format(value) ?? "");

    /// <summary>The variable, or nothing for a value that is unset.</summary>
    public IEnumerable<KeyValuePair<string, string>> WriteIfSet(T value) =>
        _format(value) is { } text ? [new KeyValuePair<string, string>(Env, text)] : [];
}
