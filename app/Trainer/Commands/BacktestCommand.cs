using System.CommandLine;
using System.Globalization;
using LabA.Domain.Scaling;
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
/// the Predictor's PROVISION_QUANTILE as the Predictor reads it. The mapping's options (--per-replica for a workload
/// sized by per-replica capacity, or --cpu-low/--cpu-high; --min-replicas, --max-replicas) override those settings.
/// </summary>
public static class BacktestCommand
{
    public static Command Create()
    {
        // 1. The options: what to replay, where to write, and the simulated cluster's knobs.
        var model = new Option<string>("--model") { Description = "Directory with model.zip and model.json", DefaultValueFactory = _ => PredictorCatalogue.ModelDir.Default };
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
        var startupDelay = DurationOption("--startup-delay",
            "Time a new pod takes to serve: the lead the predictive policy forecasts for, as the Scaler's POD_STARTUP", Defaults.BacktestPodStartupDelay);
        var metricsLag = DurationOption("--metrics-lag", "Age of the CPU the HPA sees", Defaults.HpaMetricsLag);
        var hpaSync = DurationOption("--hpa-sync", "How often the HPA re-evaluates", Defaults.HpaSyncPeriod);
        var scrapeLag = DurationOption("--scrape-lag", "Age of the newest load the closed-loop Scaler sees (Prometheus' scrape interval)", Defaults.ScrapeInterval);
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
        var mapping = new MappingOptions();

        // 2. The command: the Scaler's and the Predictor's settings from the environment, the flags over them.
        var command = new Command("backtest", "Replay held-out data: predictive vs reactive (HPA) vs static vs oracle, with a table, CSV and chart")
        {
            model, from, to, json, output, loadUnit, startupDelay, metricsLag, hpaSync, scrapeLag, missingScrapes, missingSeed, retrainEvery, retrainRange,
            retrainTrainer,
        };
        input.AddTo(command);
        mapping.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var defaults = BacktestRequest.FromScalerEnvironment(parse.GetValue(model)!, input.Source(parse), parse.GetValue(output)!);
            var replicaMapping = mapping.Mapping(parse, defaults.Rules.Mapping);
            if (replicaMapping.PerReplica is not null && parse.GetResult(loadUnit) is { Implicit: false } && parse.GetValue(loadUnit) == LoadScale.PercentOfMax)
                throw new SettingsException("--load-unit", $"{LoadScale.PercentOfMax} does not apply with --per-replica: the load stays in its own unit, which the capacity is in");
            var request = defaults with
            {
                Rules = defaults.Rules with { Mapping = replicaMapping },
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

    /// <summary>
    /// The replica mapping's options, over the Scaler's MIN_REPLICAS, MAX_REPLICAS, CPU_LOW and CPU_HIGH: per-replica
    /// capacity (replicas = ceil(load / N), as a workload's perReplica) or the CPU band, never both.
    /// </summary>
    private sealed class MappingOptions
    {
        private readonly Option<double?> _perReplica = new("--per-replica")
        {
            Description = "Size by per-replica capacity: replicas = ceil(load / N), clamped to --min-replicas..--max-replicas, the load in its own unit " +
                "(requests/s, queue depth); replaces the CPU band (default: the CPU band)",
        };
        private readonly Option<int?> _minReplicas = new("--min-replicas") { Description = "Fewest replicas (default: $MIN_REPLICAS, else 1)" };
        private readonly Option<int?> _maxReplicas = new("--max-replicas") { Description = "Most replicas (default: $MAX_REPLICAS, else 10)" };
        private readonly Option<double?> _cpuLow = new("--cpu-low") { Description = "The CPU band's low end, CPU% at which the minimum serves (default: $CPU_LOW)" };
        private readonly Option<double?> _cpuHigh = new("--cpu-high") { Description = "The CPU band's high end, CPU% that needs the maximum (default: $CPU_HIGH)" };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _perReplica, _minReplicas, _maxReplicas, _cpuLow, _cpuHigh }) command.Options.Add(option);
        }

        /// <summary>The mapping the options give over <paramref name="scaler"/> (the Scaler's, from the environment); errors name the option.</summary>
        public ReplicaMapping Mapping(ParseResult parse, ReplicaMapping scaler)
        {
            var min = parse.GetValue(_minReplicas) ?? scaler.MinReplicas;
            var max = parse.GetValue(_maxReplicas) ?? scaler.MaxReplicas;
            var (low, high) = (parse.GetValue(_cpuLow), parse.GetValue(_cpuHigh));
            if (parse.GetValue(_perReplica) is { } perReplica)
            {
                if (low is not null || high is not null)
                    throw new SettingsException("--per-replica", $"not with {(low is not null ? "--cpu-low" : "--cpu-high")}: per-replica capacity replaces the CPU band; give one or the other");
                return ReplicaMapping.PerReplicaCapacity(min, max, perReplica, new PerReplicaKeys("--min-replicas", "--max-replicas", "--per-replica"));
            }
            return ReplicaMapping.Create(min, max, low ?? scaler.CpuLow, high ?? scaler.CpuHigh,
                new ReplicaMappingKeys("--min-replicas", "--max-replicas", "--cpu-low", "--cpu-high"));
        }
    }

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
