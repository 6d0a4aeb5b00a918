using System.CommandLine;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Commands;

/// <summary><c>evaluate</c>: score an existing model on another series, beside the same baselines.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var modelDirectory = new Option<string>("--model") { Description = "Directory with model.zip and model.json", DefaultValueFactory = _ => PredictorCatalogue.ModelDir.Default };
        var input = new SeriesOptions("CSV series to score the model on (use data the model was not trained on)", defaultData: null);
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (the model card's metrics shape)" };

        var command = new Command("evaluate", "Score a trained model on a series, beside the naive baselines") { modelDirectory, json };
        input.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var source = input.Source(parse);
            using var model = ForecastModel.Load(parse.GetValue(modelDirectory)!);
            var series = source.Load();
            var report = model.Evaluate(series);
            if (report.Data.Sha256 == model.Card.Data.Sha256)
                Console.Error.WriteLine($"warning: {series.Source} is the file this model was trained on: only its last part is unseen, " +
                    "so this score flatters the model (train's hold-out report is the honest one)");
            if (parse.GetValue(json))
            {
                Console.WriteLine(ModelCardJson.Serialize(report));
                return Cli.Ok;
            }
            Console.WriteLine($"Model {report.ModelVersion} ({model.Card.Trainer.Name}, kind {model.Kind}; " +
                $"{report.FeatureSet} features, horizon {Durations.Format(report.Horizon)}) on {series.Source}");
            if (series.Import is { } import) Console.WriteLine(import.Describe());
            Report.Write(report.Metrics,
                $"{report.Data.EvaluationExamples} forecasts, targets {report.Metrics.From.UtcDateTime:yyyy-MM-dd HH:mm} .. {report.Metrics.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
            return Cli.Ok;
        }));
        return command;
    }
}
