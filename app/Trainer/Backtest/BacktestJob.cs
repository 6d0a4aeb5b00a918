using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Forecasting;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>Loads the model and the series, picks a window the model never trained on, replays it and writes the CSV and chart.</summary>
public static class BacktestJob
{
    /// <summary>Under out/, which git ignores, like data/ and model/.</summary>
    public const string DefaultOutputDirectory = "out/backtest";
    public const string CsvFileName = "backtest.csv";
    public const string ChartFileName = "backtest.png";
    public const string CalibrationCsvFileName = "calibration.csv";

    public static BacktestOutcome Run(BacktestRequest request)
    {
        using var model = ForecastModel.Load(request.ModelDirectory);
        var series = request.Data.Load();
        if (series.Step != model.Step)
            throw new SettingsException("--data",
                $"{series.Source} has a {Durations.Format(series.Step)} step but the model in {request.ModelDirectory} was trained at {Durations.Format(model.Step)}");

        var (from, to, note) = Window(series, model.Card, request.From, request.To);
        var scale = request.Rules.Mapping.PerReplica is { } capacity ? LoadScale.OwnUnit(series, capacity) : LoadScale.Choose(request.LoadUnit, series, from);
        var options = new BacktestOptions(request.Rules, request.Capacity, request.Hpa) { ObservationLag = request.ObservationLag };
        var margin = model.ProvisioningMargin(request.ProvisionQuantile);
        // The closed loop reads each step's value from the step's first scrape on (ForecastPolicy), so it forecasts from
        // the series itself, cut one scrape lag before each decision.
        LoadForecaster ClosedLoop(ForecastModel served) => ModelForecaster.Create(served, series, scale, served.ProvisioningMargin(request.ProvisionQuantile));
        var openLoop = ModelForecaster.Create(model, series, scale, margin);
        // Retrains read the history as the retrain job reads it from Prometheus: the series itself, cut at each retrain's instant.
        using var retraining = request.Retraining is { } retrain ? RetrainingReplay.Run(series, model, from, to, retrain, Console.Error) : null;
        var missed = request.MissingScrapes is { } missing ? MissedScrapes.Of(series, missing.Rate, missing.Seed) : null;
        // The calibrated row adds its own margin, in CPU% as the Scaler adds it to the Predictor's peak, to the plain forecast.
        var calibration = request.ProvisionQuantile.Level is { } level
            ? (ModelForecaster.Create(model, series, scale, 0), MarginCalibration.Start(level, scale.ToPercent(margin)), MarginCalibration.FixedAt(level, 0))
            : ((LoadForecaster, MarginCalibration, MarginCalibration)?)null;
        var result = PolicyReplay.Run(scale.Apply(series), from, to, ClosedLoop(model), openLoop, options,
            retraining is null ? null : (ClosedLoop(retraining.FirstModel), retraining.Forecaster(ClosedLoop)),
            missed is null ? null : (ModelForecaster.Create(model, missed.Series, scale, margin), missed),
            calibration);

        var csvPath = Path.Combine(request.OutputDirectory, CsvFileName);
        var chartPath = Path.Combine(request.OutputDirectory, ChartFileName);
        BacktestCsv.Write(csvPath, result);
        var calibrationPath = Path.Combine(request.OutputDirectory, CalibrationCsvFileName);
        var calibrationWritten = BacktestCsv.WriteCalibration(calibrationPath, result);
        BacktestChart.Write(chartPath, result, $"{Path.GetFileName(series.Source)}: {note}", scale, request.ProvisionQuantile, margin);
        return new BacktestOutcome(result, model.Card, series.Source, note, scale, request.ProvisionQuantile, margin, csvPath, chartPath,
            request.Retraining, retraining?.Days)
        { Missed = missed, CalibrationCsvPath = calibrationWritten ? calibrationPath : null };
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
