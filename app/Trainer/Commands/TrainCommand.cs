using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;
using Spectre.Console;

namespace LabA.Trainer.Commands;

/// <summary><c>train</c>: fit the forecaster on the first 80% of a series, score it and the baselines on the last 20%, write model.zip and model.json.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var input = new SeriesOptions("CSV with a timestamp and a value column (comma, semicolon or tab separated)", Defaults.GeneratorOut);
        var output = new Option<string>("--out") { Description = "Directory for model.zip and model.json", DefaultValueFactory = _ => PredictorCatalogue.ModelDir.Default };
        var features = new Option<string>("--features")
        {
            Description = "calendar: time of day and week of the target (servable from a timestamp alone); " +
                "recent: calendar plus the last values, a rolling mean and the value a day and a week earlier",
            DefaultValueFactory = _ => FeatureSpec.CalendarName,
        };
        features.AcceptOnlyFromAmong([.. FeatureSpec.FeatureSetNames]);
        var horizon = new Option<string?>("--horizon")
        {
            Description = $"How far ahead to forecast: the time new pods need to be ready (a multiple of the series step; " +
                $"default {Durations.Format(Defaults.Horizon)}, or one step of a series whose step is longer)",
        };
        var trainer = TrainerOption.Create();
        var rollingWindow = new Option<string>("--rolling-window")
        {
            Description = "Window of the rolling mean (feature and baseline)",
            DefaultValueFactory = _ => Durations.Format(FeatureSpec.DefaultRollingWindow),
        };
        var holdout = new Option<double>("--holdout") { Description = "Share of the series, at its end, held out for evaluation", DefaultValueFactory = _ => 0.2 };

        var command = new Command("train", "Train the load forecaster and report it against naive baselines on a time-ordered hold-out")
        {
            output, features, horizon, trainer, rollingWindow, holdout,
        };
        input.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var source = input.Source(parse);
            if (source.DataPath == Defaults.GeneratorOut && !File.Exists(source.DataPath))
                throw new SeriesFormatException(source.DataPath, null, "file not found (make it with the generate command, or pass --data FILE)");
            var series = source.Load();
            var options = new TrainingOptions
            {
                FeatureSet = parse.GetValue(features)!,
                Horizon = parse.GetValue(horizon) is { } horizonText ? Cli.Duration("--horizon", horizonText) : Training.DefaultHorizon(series.Step),
                Trainer = parse.GetValue(trainer)!,
                RollingWindow = Cli.Duration("--rolling-window", parse.GetValue(rollingWindow)!),
                HoldoutFraction = parse.GetValue(holdout),
            };
            var directory = parse.GetValue(output)!;
            var clock = Stopwatch.StartNew();
            using var model = Training.Train(series, options);
            var trainedIn = clock.Elapsed;
            model.Save(directory);

            var card = model.Card;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Read {series.Count} points of {series.ValueName} at {Durations.Format(series.Step)} step from {series.Source} " +
                $"({series.Start.UtcDateTime:yyyy-MM-dd HH:mm} .. {series.End.UtcDateTime:yyyy-MM-dd HH:mm} UTC)"));
            if (series.Import is { } import) Console.WriteLine(import.Describe());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Trained {card.Trainer.Name} ({card.Kind}) on {card.Data.TrainingExamples} examples with {card.FeatureSet} features, " +
                $"horizon {Durations.Format(card.Horizon)}, in {trainedIn.TotalSeconds:0.00} s"));
            if (card.Selection is { } selection) WriteSelection(selection);
            if (card.Residuals is { } residuals)
            {
                var quantiles = string.Join(", ", new[] { 0.5, 0.9, 0.95, 0.99 }.Select(level =>
                    string.Create(CultureInfo.InvariantCulture, $"{level:0.0#} {residuals.Margin(ProvisioningQuantile.Of(level)):+0.###;-0.###}")));
                Console.WriteLine($"Forecast errors (actual - forecast) on the {residuals.Source}: {residuals.Examples} errors; quantiles {quantiles} " +
                    $"(the margins {RecommendationCatalogue.ProvisionQuantile.Env} adds)");
            }
            Report.Write(card.Metrics, $"Hold-out (last {options.HoldoutFraction * 100:0.#}%, {card.Data.EvaluationExamples} forecasts, never seen in training)");
            var zipBytes = new FileInfo(Path.Combine(directory, ForecastModel.ModelFileName)).Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {Path.Combine(directory, ForecastModel.ModelFileName)} ({zipBytes / 1024.0:0.#} KiB) and {Path.Combine(directory, ForecastModel.CardFileName)}, version {card.Version}"));
            return Cli.Ok;
        }));
        return command;
    }

    /// <summary>Every candidate's validation MAE (what chose) and hold-out MAE (what it then scored), the chosen one marked.</summary>
    private static void WriteSelection(ForecasterSelection selection)
    {
        var table = new Table()
            .Title(Markup.Escape($"Candidates ({selection.Mode}): chosen on {selection.ValidationExamples} validation forecasts, " +
                $"{selection.ValidationFrom.UtcDateTime:yyyy-MM-dd HH:mm} .. {selection.ValidationTo.UtcDateTime:yyyy-MM-dd HH:mm} UTC"))
            .AddColumns("candidate", "kind", "validation MAE", "hold-out MAE", "");
        foreach (var candidate in selection.Candidates)
            table.AddRow(Markup.Escape(candidate.Name), candidate.Kind, Mae(candidate.ValidationMae), Mae(candidate.HoldoutMae),
                Markup.Escape(candidate.NotApplicable ?? (candidate.Name == selection.Chosen ? "chosen" : "")));
        AnsiConsole.Write(table);
    }

    private static string Mae(double? mae) => mae is { } value ? value.ToString("0.###", CultureInfo.InvariantCulture) : "-";
}
