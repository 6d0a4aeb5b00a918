using System.CommandLine;
using System.Globalization;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Series;
using LabA.Forecasting.Synthetic;
using LabA.Trainer.Backtest;

namespace LabA.Trainer.Commands;

/// <summary>
/// The Trainer with no arguments: the whole lab on this machine, no cluster needed. Generates the synthetic series if
/// there is none, trains the default model on it, backtests the hold-out, and says where everything went.
/// </summary>
public static class WholeLab
{
    public static void Attach(RootCommand root) => root.SetAction(_ => Cli.Guard(() =>
    {
        Run(Defaults.GeneratorOut, PredictorCatalogue.ModelDir.Default, BacktestJob.DefaultOutputDirectory);
        return Cli.Ok;
    }));

    public static BacktestOutcome Run(string dataPath, string modelDirectory, string outputDirectory)
    {
        if (File.Exists(dataPath))
        {
            Console.WriteLine($"[1/3] Using the existing series {dataPath} (delete it to generate a fresh one).");
        }
        else
        {
            var generated = SyntheticLoad.Generate(SyntheticLoadOptions.FromEnvironment(EnvReader.FromProcess()));
            SeriesCsv.Write(dataPath, generated);
            Console.WriteLine($"[1/3] Generated {generated.Count} data points -> {dataPath}");
        }

        var series = SeriesCsv.Read(dataPath);
        var options = new TrainingOptions();
        using (var model = Training.TrainToDirectory(series, options, modelDirectory))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[2/3] Trained {model.Card.Trainer.Name} ({model.Card.FeatureSet} features, horizon {Durations.Format(model.Horizon)}) -> {modelDirectory}"));
            Report.Write(model.Card.Metrics, $"Hold-out (last {options.HoldoutFraction:P0}, never seen in training)");
        }

        var outcome = BacktestJob.Run(BacktestRequest.FromScalerEnvironment(modelDirectory, dataPath, outputDirectory));
        Console.WriteLine("[3/3] Backtest");
        BacktestReport.WriteTable(outcome);
        Console.WriteLine();
        Console.WriteLine($"Model: {Path.Combine(modelDirectory, ForecastModel.ModelFileName)} and {Path.Combine(modelDirectory, ForecastModel.CardFileName)}");
        Console.WriteLine($"Table: above (again with `dotnet run --project app/Trainer -- backtest`, or --json); series and chart: {outcome.CsvPath}, {outcome.ChartPath}");
        return outcome;
    }
}
