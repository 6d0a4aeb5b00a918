using System.CommandLine;
using System.Globalization;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Series;
using LabA.Forecasting.Synthetic;

namespace LabA.Trainer.Commands;

/// <summary><c>generate</c>: the synthetic CPU% series, one point a minute, shaped by the knobs below.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var days = new Option<int>("--days") { Description = "Days of data (1 gives a single day of 1,440 points)", DefaultValueFactory = _ => Defaults.GeneratorDays };
        var output = new Option<string>("--out") { Description = "CSV file to write", DefaultValueFactory = _ => Defaults.GeneratorOut };
        var knobs = new SyntheticOptions();
        var command = new Command("generate", "Generate a synthetic CPU% series (timestamp, cpu_percent, and the noise-free curve)") { days, output };
        knobs.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var options = knobs.Bind(parse) with { Days = parse.GetValue(days) };
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
            Console.WriteLine(SyntheticOptions.Describe(options));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"irreducible MAE on the last 20% (noise-free curve vs data) = {irreducible:0.###}"));
            return Cli.Ok;
        }));
        return command;
    }
}
