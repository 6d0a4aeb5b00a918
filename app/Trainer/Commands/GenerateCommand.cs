using System.CommandLine;
using System.Globalization;
using LabA.Domain.Series;
using LabA.Domain.Settings;
using LabA.Domain.Synthetic;
using LabA.Domain.Wiring;
using LabA.Forecasting;

namespace LabA.Trainer.Commands;

/// <summary><c>generate</c>: the synthetic CPU% series, one point a minute, with the original lab's knobs.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var days = new Option<int>("--days") { Description = "Days of data (1 gives the original lab's single day of 1,440 points)", DefaultValueFactory = _ => Defaults.GeneratorDays };
        var start = new Option<string?>("--start") { Description = $"Time of the first point, ISO-8601 (default {Defaults.GeneratorStart:yyyy-MM-dd'T'HH:mm:ss'Z'}, a Monday)" };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives a byte-identical file", DefaultValueFactory = _ => Defaults.GeneratorSeed };
        var output = new Option<string>("--out") { Description = "CSV file to write", DefaultValueFactory = _ => Defaults.GeneratorOut };
        var baseLow = Knob("--base-low", EnvVars.BaseLow, "CPU% of the night trough (04:00 UTC)", Defaults.GeneratorBaseLow);
        var baseHigh = Knob("--base-high", EnvVars.BaseHigh, "CPU% of the weekday afternoon peak (16:00 UTC)", Defaults.GeneratorBaseHigh);
        var noiseStd = Knob("--noise-std", EnvVars.NoiseStd, "Standard deviation of the Gaussian noise, in CPU%", Defaults.GeneratorNoiseStd);
        var spikeProbability = Knob("--spike-probability", EnvVars.SpikeProbability, "Chance that a minute carries a random burst", Defaults.GeneratorSpikeProbability);
        var noWeekly = new Option<bool>("--no-weekly") { Description = "Switch off the weekly pattern (weekends lower)" };

        var command = new Command("generate", "Generate a synthetic CPU% series (timestamp, cpu_percent, and the noise-free curve)")
        {
            days, start, seed, output, baseLow, baseHigh, noiseStd, spikeProbability, noWeekly,
        };
        command.SetAction(parse => Cli.Guard(() =>
        {
            var fromEnvironment = SyntheticLoadOptions.FromEnvironment(EnvReader.FromProcess());
            var options = fromEnvironment with
            {
                BaseLow = parse.GetValue(baseLow) ?? fromEnvironment.BaseLow,
                BaseHigh = parse.GetValue(baseHigh) ?? fromEnvironment.BaseHigh,
                NoiseStd = parse.GetValue(noiseStd) ?? fromEnvironment.NoiseStd,
                SpikeProbability = parse.GetValue(spikeProbability) ?? fromEnvironment.SpikeProbability,
                Days = parse.GetValue(days),
                Seed = parse.GetValue(seed),
                Start = parse.GetValue(start) is { } text
                    ? SeriesCsv.ParseTimestamp(text) ?? throw new SettingsException("--start", $"'{text}' is not a date (write e.g. 2025-01-06T00:00:00Z)")
                    : Defaults.GeneratorStart,
                Weekly = !parse.GetValue(noWeekly),
            };
            var path = parse.GetValue(output)!;
            var series = SyntheticLoad.Generate(options);
            SeriesCsv.Write(path, series);

            var values = series.Observations.Select(observation => observation.Value).ToArray();
            var holdoutStart = Training.HoldoutStart(series.Count, new TrainingOptions().HoldoutFraction);
            var irreducible = Enumerable.Range(holdoutStart, series.Count - holdoutStart)
                .Average(i => Math.Abs(series.Observations[i].Value - series.NoiseFree![i]));
            Console.WriteLine($"Generated {series.Count} data points -> {path}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{series.ValueName} min={values.Min():0.##} max={values.Max():0.##} mean={values.Average():0.##}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed={options.Seed} {EnvVars.BaseLow}={options.BaseLow} {EnvVars.BaseHigh}={options.BaseHigh} {EnvVars.NoiseStd}={options.NoiseStd} {EnvVars.SpikeProbability}={options.SpikeProbability} weekly={(options.Weekly ? "on" : "off")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"irreducible MAE on the last 20% (noise-free curve vs data) = {irreducible:0.###}"));
            return Cli.Ok;
        }));
        return command;
    }

    private static Option<double?> Knob(string name, string environmentVariable, string description, double fallback) =>
        new(name) { Description = string.Create(CultureInfo.InvariantCulture, $"{description} (env {environmentVariable}, default {fallback})") };
}
