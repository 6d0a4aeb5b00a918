using System.CommandLine;
using System.Globalization;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Series;
using LabA.Trainer.Backtest;
using LabA.Trainer.Retraining;

namespace LabA.Trainer.Commands;

/// <summary>
/// <c>backtest</c>: replay held-out data through LabA's Scaler rules, the Kubernetes HPA, fixed sizes and an oracle, on a
/// simulated cluster. The Scaler's settings (MIN_REPLICAS, MAX_REPLICAS, CPU_LOW, CPU_HIGH, MAX_SCALE_UP_STEP,
/// MAX_SCALE_DOWN_STEP, SCALE_DOWN_STABILIZATION, SCHEDULE) are read from the environment, as the Scaler reads them, and
/// the Predictor's PROVISION_QUANTILE as the Predictor reads it.
/// </summary>
public static class BacktestCommand
{
    public static Command Create()
    {
        // 1. The options: what to replay, where to write, and the simulated cluster's knobs.
        var model = new Option<string>("--model") { Description = "Directory with model.zip and model.json", DefaultValueFactory = _ => Defaults.ModelDir };
        var input = new SeriesOptions("CSV series to replay", Defaults.GeneratorOut);
        var from = new Option<string?>("--from") { Description = "Start of the replay, ISO-8601 UTC (default: the start of the last 20%, the trainer's hold-out)" };
        var to = new Option<string?>("--to") { Description = "End of the replay, exclusive (default: the end of the series)" };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON" };
        var output = new Option<string>("--out")
        {
            Description = $"Directory for {BacktestJob.CsvFileName} and {BacktestJob.ChartFileName}",
            DefaultValueFactory = _ => BacktestJob.DefaultOutputDirectory,
        };
        var loadUnit = new Option<string>("--load-unit")
        {
            Description = "How values become CPU% for the replica mapping: cpu (as they are), percent-of-max (of the maximum before the replay), auto (cpu for a CPU% series, else percent-of-max)",
            DefaultValueFactory = _ => LoadScale.Auto,
        };
        var startupDelay = DurationOption("--startup-delay", "Time a new pod takes to serve", Defaults.BacktestPodStartupDelay);
        var metricsLag = DurationOption("--metrics-lag", "Age of the CPU the HPA sees", Defaults.HpaMetricsLag);
        var hpaSync = DurationOption("--hpa-sync", "How often the HPA re-evaluates", Defaults.HpaSyncPeriod);
        var scrapeLag = DurationOption("--scrape-lag", "Age of the newest load the closed-loop Scaler sees (Prometheus' scrape interval)", ScrapedSeries.DefaultLag);
        var missingScrapes = new Option<double>("--missing-scrapes")
        {
            Description = "Also replay the closed loop with this share of the scrapes missed, e.g. 0.05 (the predictive-missing row; 0: none)",
        };
        var missingSeed = new Option<int>("--missing-seed") { Description = "Seed of which scrapes are missed, so a replay repeats", DefaultValueFactory = _ => 42 };
        var retrainEvery = new Option<string?>("--retrain-every")
        {
            Description = $"Also replay the learning loop (row {PolicyReplay.Retrained}): every this long (e.g. 1d) from the start of the replay, " +
                "the retrain job's decision on the history before that instant; off by default (it trains a model per retrain)",
        };
        var retrainRange = new Option<string>("--retrain-range")
        {
            Description = "How much history each retrain of the replay reads, as retrain's --range",
            DefaultValueFactory = _ => Defaults.RetrainRange,
        };
        var retrainTrainer = TrainerOption.Create("The trainer of the replay's challengers, as retrain's --trainer", "--retrain-trainer");

        // 2. The command: the Scaler's and the Predictor's settings from the environment, the flags over them.
        var command = new Command("backtest", "Replay held-out data: predictive vs reactive (HPA) vs static vs oracle, with a table, CSV and chart")
        {
            model, from, to, json, output, loadUnit, startupDelay, metricsLag, hpaSync, scrapeLag, missingScrapes, missingSeed, retrainEvery, retrainRange,
            retrainTrainer,
        };
        input.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var defaults = BacktestRequest.FromScalerEnvironment(parse.GetValue(model)!, input.Source(parse), parse.GetValue(output)!);
            var request = defaults with
            {
                From = Instant("--from", parse.GetValue(from)),
                To = Instant("--to", parse.GetValue(to)),
                LoadUnit = parse.GetValue(loadUnit)!,
                Capacity = defaults.Capacity with { StartupDelay = WholeSeconds("--startup-delay", parse.GetValue(startupDelay)!) },
                Hpa = defaults.Hpa with
                {
                    MetricsLag = WholeSeconds("--metrics-lag", parse.GetValue(metricsLag)!),
                    SyncPeriod = WholeSeconds("--hpa-sync", parse.GetValue(hpaSync)!, positive: true),
                },
                ObservationLag = WholeSeconds("--scrape-lag", parse.GetValue(scrapeLag)!),
                MissingScrapes = parse.GetValue(missingScrapes) switch
                {
                    0 => null,
                    var rate and > 0 and < 1 => (rate, parse.GetValue(missingSeed)),
                    var rate => throw new SettingsException("--missing-scrapes", $"{rate.ToString(CultureInfo.InvariantCulture)} is not a share between 0 and 1 (write e.g. 0.05)"),
                },
                Retraining = parse.GetValue(retrainEvery) is { } every
                    ? Retraining(every, parse.GetValue(retrainRange)!, parse.GetValue(retrainTrainer)!)
                    : null,
            };
            // 3. The replay, then the table or the JSON.
            var outcome = BacktestJob.Run(request);
            if (parse.GetValue(json)) Console.WriteLine(BacktestReport.ToJson(outcome));
            else BacktestReport.WriteTable(outcome);
            return Cli.Ok;
        }));
        return command;
    }

    /// <summary>The retraining replay: the retrain job's rules (margin, hold-out, rolling window) with the replay's cadence, range and trainer.</summary>
    private static RetrainingOptions Retraining(string every, string range, string trainer) => new(
        SeriesOptions.DaysOrDuration("--retrain-every", every),
        SeriesOptions.DaysOrDuration("--retrain-range", range),
        new ChallengeSettings
        {
            Margin = Defaults.PromotionMargin,
            Trainer = trainer,
            RollingWindow = FeatureSpec.DefaultRollingWindow,
            HoldoutFraction = new TrainingOptions().HoldoutFraction,
        });

    private static Option<string> DurationOption(string name, string description, TimeSpan fallback) =>
        new(name) { Description = $"{description} (e.g. 90s, 2m)", DefaultValueFactory = _ => Durations.Format(fallback) };

    private static TimeSpan WholeSeconds(string option, string text, bool positive = false)
    {
        if (!Durations.TryParse(text, out var value) || value.Ticks % TimeSpan.TicksPerSecond != 0 || (positive && value == TimeSpan.Zero))
            throw new SettingsException(option, $"'{text}' is not a whole number of seconds{(positive ? " above 0" : "")} (write e.g. 60s, 2m)");
        return value;
    }

    private static DateTimeOffset? Instant(string option, string? text) => text is null
        ? null
        : SeriesCsv.ParseTimestamp(text) ?? throw new SettingsException(option, $"'{text}' is not a date and time (write e.g. 2025-01-17T00:00:00Z)");
}
