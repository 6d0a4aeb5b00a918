using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>What to replay and how the simulated cluster and HPA behave.</summary>
public sealed record BacktestRequest
{
    public required string ModelDirectory { get; init; }
    public required SeriesSource Data { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public required string OutputDirectory { get; init; }
    public string LoadUnit { get; init; } = LoadScale.Auto;
    /// <summary>The predictive policy provisions for forecast + the model's margin at this quantile, as the Predictor does.</summary>
    public ProvisioningQuantile ProvisionQuantile { get; init; } = ProvisioningQuantile.Of(Defaults.ProvisionQuantile);
    public CapacityModel Capacity { get; init; } = CapacityModel.Default;
    public ScalingRules Rules { get; init; } = ScalingRules.Default;
    public HpaSettings Hpa { get; init; } = HpaSettings.Default;

    /// <summary>A request with the Scaler's rules and schedule and the Predictor's provisioning quantile read from the environment, as they read them.</summary>
    public static BacktestRequest FromScalerEnvironment(string modelDirectory, string dataPath, string outputDirectory) =>
        FromScalerEnvironment(modelDirectory, SeriesSource.File(dataPath), outputDirectory);

    public static BacktestRequest FromScalerEnvironment(string modelDirectory, SeriesSource data, string outputDirectory)
    {
        var env = EnvReader.FromProcess();
        var scaler = ScalerSettings.FromEnvironment(env);
        return new BacktestRequest
        {
            ModelDirectory = modelDirectory,
            Data = data,
            OutputDirectory = outputDirectory,
            Rules = scaler.Rules,
            ProvisionQuantile = ProvisioningQuantile.FromEnvironment(env),
            Capacity = CapacityModel.Default with { Schedule = scaler.Schedule },
        };
    }
}

/// <summary>A finished replay and where its files went.</summary>
public sealed record BacktestOutcome(
    BacktestResult Result,
    ModelCard Model,
    string DataPath,
    /// <summary>Why the window is data the model never saw, in words.</summary>
    string WindowNote,
    LoadScale Scale,
    ProvisioningQuantile ProvisionQuantile,
    /// <summary>What the predictive policy added to every forecast, in the series' unit (0 when the quantile is off).</summary>
    double ProvisioningMargin,
    string CsvPath,
    string ChartPath);

/// <summary>Loads the model and the series, picks a window the model never trained on, replays it and writes the CSV and chart.</summary>
public static class BacktestJob
{
    /// <summary>Under out/, which git ignores, like data/ and model/.</summary>
    public const string DefaultOutputDirectory = "out/backtest";
    public const string CsvFileName = "backtest.csv";
    public const string ChartFileName = "backtest.png";

    public static BacktestOutcome Run(BacktestRequest request)
    {
        using var model = ForecastModel.Load(request.ModelDirectory);
        var series = request.Data.Load();
        if (series.Step != model.Step)
            throw new SettingsException("--data",
                $"{series.Source} has a {Durations.Format(series.Step)} step but the model in {request.ModelDirectory} was trained at {Durations.Format(model.Step)}");

        var (from, to, note) = Window(series, model.Card, request.From, request.To);
        var scale = LoadScale.Choose(request.LoadUnit, series, from);
        var options = new BacktestOptions(request.Rules, request.Capacity, request.Hpa, model.Horizon);
        var margin = model.ProvisioningMargin(request.ProvisionQuantile);
        var result = BacktestRunner.Run(scale.Apply(series), from, to, ModelForecaster.Create(model, series, scale, margin), options);

        var csvPath = Path.Combine(request.OutputDirectory, CsvFileName);
        var chartPath = Path.Combine(request.OutputDirectory, ChartFileName);
        BacktestCsv.Write(csvPath, result);
        BacktestChart.Write(chartPath, result, $"{Path.GetFileName(series.Source)}: {note}", scale, request.ProvisionQuantile, margin);
        return new BacktestOutcome(result, model.Card, series.Source, note, scale, request.ProvisionQuantile, margin, csvPath, chartPath);
    }

    /// <summary>
    /// The replay window: by default the last 20% of the series, the trainer's hold-out; never before the first
    /// hold-out target when the series covers the period the model trained on.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To, string Note) Window(LoadSeries series, ModelCard card, DateTimeOffset? from, DateTimeOffset? to)
    {
        var seriesEnd = series.End + series.Step;
        var holdoutFraction = new TrainingOptions().HoldoutFraction;
        var holdoutStart = series.Observations[series.Count - (int)Math.Round(series.Count * holdoutFraction)].Timestamp;
        // Every training target of the model lies before its first hold-out target.
        var trainedBefore = card.Metrics.From;
        var overlapsTraining = series.Start < trainedBefore && series.End >= card.Data.Start;

        var start = from ?? (overlapsTraining && trainedBefore > holdoutStart ? trainedBefore : holdoutStart);
        var end = to ?? seriesEnd;
        if (start.Ticks % TimeSpan.TicksPerSecond != 0) throw new SettingsException("--from", $"{start:O} has a fraction of a second; the replay runs in whole seconds");
        if (end.Ticks % TimeSpan.TicksPerSecond != 0) throw new SettingsException("--to", $"{end:O} has a fraction of a second; the replay runs in whole seconds");
        if (start < series.Start || start >= seriesEnd)
            throw new SettingsException("--from", $"{start:O} is outside {series.Source} ({series.Start:O} .. {series.End:O})");
        if (end <= start || end > seriesEnd)
            throw new SettingsException("--to", $"{end:O} must be after --from ({start:O}) and at most the end of {series.Source} ({seriesEnd:O})");
        if (overlapsTraining && start < trainedBefore)
            throw new SettingsException("--from",
                $"{start:O} is inside the period the model trained on (targets before {trainedBefore:O}); the backtest replays only data the model never saw");

        var note = from is null && to is null
            ? $"hold-out {start:yyyy-MM-dd HH:mm} .. {end:yyyy-MM-dd HH:mm} UTC, the last {holdoutFraction:0%} the trainer held out; the model never trained on it"
            : $"{start:yyyy-MM-dd HH:mm} .. {end:yyyy-MM-dd HH:mm} UTC" +
              (overlapsTraining ? ", after every training target of the model" : ", outside the period the model trained on");
        return (start, end, note);
    }
}
