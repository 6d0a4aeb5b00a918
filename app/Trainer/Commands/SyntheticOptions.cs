using System.CommandLine;
using System.Globalization;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting.Series;
using LabA.Forecasting.Synthetic;

namespace LabA.Trainer.Commands;

/// <summary>
/// The generator's knobs as command-line options, shared by <c>generate</c> (a file) and <c>load-source</c> (a live
/// gauge), so both make the same curve from the same words. An option wins over its environment variable.
/// </summary>
public sealed class SyntheticOptions
{
    private readonly Option<string?> _start = new("--start") { Description = $"Time of the first point, ISO-8601 (default {Defaults.GeneratorStart:yyyy-MM-dd'T'HH:mm:ss'Z'}, a Monday)" };
    private readonly Option<int> _seed = new("--seed") { Description = "Random seed: the same seed gives the same values", DefaultValueFactory = _ => Defaults.GeneratorSeed };
    private readonly Option<double?> _baseLow = Knob("--base-low", TrainerCatalogue.BaseLow);
    private readonly Option<double?> _baseHigh = Knob("--base-high", TrainerCatalogue.BaseHigh);
    private readonly Option<double?> _noiseStd = Knob("--noise-std", TrainerCatalogue.NoiseStd);
    private readonly Option<double?> _spikeProbability = Knob("--spike-probability", TrainerCatalogue.SpikeProbability);
    private readonly Option<bool> _noWeekly = new("--no-weekly") { Description = "Switch off the weekly pattern (weekends lower)" };
    private readonly Option<string?> _surgeAt = new("--surge-at") { Description = "Start of a surge no model has seen, ISO-8601 (off by default)" };
    private readonly Option<double> _surgeHours = new("--surge-hours") { Description = "How long the surge lasts, in hours", DefaultValueFactory = _ => 6 };
    private readonly Option<double> _surge = new("--surge") { Description = "CPU points the surge adds", DefaultValueFactory = _ => 30 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _start, _seed, _baseLow, _baseHigh, _noiseStd, _spikeProbability, _noWeekly, _surgeAt, _surgeHours, _surge })
            command.Options.Add(option);
    }

    /// <summary>The knobs as parsed, over the environment's; throws <see cref="SettingsException"/> naming the option or variable.</summary>
    public SyntheticLoadOptions Bind(ParseResult parse)
    {
        var fromEnvironment = SyntheticLoadOptions.FromEnvironment(EnvReader.FromProcess());
        var options = fromEnvironment with
        {
            BaseLow = parse.GetValue(_baseLow) ?? fromEnvironment.BaseLow,
            BaseHigh = parse.GetValue(_baseHigh) ?? fromEnvironment.BaseHigh,
            NoiseStd = parse.GetValue(_noiseStd) ?? fromEnvironment.NoiseStd,
            SpikeProbability = parse.GetValue(_spikeProbability) ?? fromEnvironment.SpikeProbability,
            Seed = parse.GetValue(_seed),
            Start = Instant(parse, _start) ?? Defaults.GeneratorStart,
            Weekly = !parse.GetValue(_noWeekly),
            SurgeAt = Instant(parse, _surgeAt),
            SurgeDuration = TimeSpan.FromHours(parse.GetValue(_surgeHours)),
            Surge = parse.GetValue(_surge),
        };
        options.Validate();
        return options;
    }

    /// <summary>The knobs in one line, as both commands print them.</summary>
    public static string Describe(SyntheticLoadOptions options)
    {
        var knobs = string.Create(CultureInfo.InvariantCulture,
            $"seed={options.Seed} {TrainerCatalogue.BaseLow.Env}={options.BaseLow} {TrainerCatalogue.BaseHigh.Env}={options.BaseHigh} " +
            $"{TrainerCatalogue.NoiseStd.Env}={options.NoiseStd} {TrainerCatalogue.SpikeProbability.Env}={options.SpikeProbability} weekly={(options.Weekly ? "on" : "off")}");
        return options.SurgeAt is { } surgeAt
            ? knobs + FormattableString.Invariant($" surge={options.Surge:+0.##;-0.##} from {surgeAt:yyyy-MM-dd'T'HH:mm:ss'Z'} for {Durations.Format(options.SurgeDuration)}")
            : knobs;
    }

    private static DateTimeOffset? Instant(ParseResult parse, Option<string?> option) => parse.GetValue(option) is { } text
        ? SeriesCsv.ParseTimestamp(text) ?? throw new SettingsException(option.Name, $"'{text}' is not a date (write e.g. 2025-01-06T00:00:00Z)")
        : null;

    /// <summary>The option of a knob, described by its declaration.</summary>
    private static Option<double?> Knob(string name, Setting<double> knob) =>
        new(name) { Description = $"{knob.Description} (env {knob.Env}, default {knob.DefaultText})" };
}
