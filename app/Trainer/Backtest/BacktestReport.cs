using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using Spectre.Console;

namespace LabA.Trainer.Backtest;

public static class BacktestReport
{
    /// <summary>The cost of the decisions missed scrapes degraded, against the same closed loop without them.</summary>
    internal static string MissedLine(ReplayResult result, MissedScrapes missed)
    {
        var (full, gaps) = (result.Policy(PolicyReplay.Predictive).Metrics, result.Policy(PolicyReplay.Missing).Metrics);
        var runs = ForecastPolicy.CronTimes(result.Options.Capacity.Schedule, result.From, result.To).Count();
        return string.Create(CultureInfo.InvariantCulture,
            $"  missed scrapes: {missed.Missing.Count(m => m)} of {missed.Missing.Count} samples ({missed.Rate:0.##%}, seed {missed.Seed}); of {runs} runs, "
            + $"{missed.Counts.FromOlderSample} decided from a sample one step old and {missed.Counts.Failed} failed with no fresh sample (changed nothing); "
            + $"cost against {PolicyReplay.Predictive}: {gaps.UnderProvisionedMinutes - full.UnderProvisionedMinutes:+0.#;-0.#;0} under-provisioned minutes, "
            + $"{gaps.ReplicaMinutes - full.ReplicaMinutes:+0;-0;0} replica-minutes");
    }

    private static readonly Dictionary<string, string> Descriptions = new()
    {
        [PolicyReplay.Predictive] = "LabA closed loop: forecast from the scraped load, reactive floor, Scaler's rules",
        [PolicyReplay.Calibrated] = "LabA closed loop with the margin calibrated online to PROVISION_QUANTILE from the windows it observed, as the Scaler does",
        [PolicyReplay.Frozen] = "LabA closed loop with the retraining replay's first model, never retrained (see below)",
        [PolicyReplay.Retrained] = "LabA closed loop with the model the learning loop leaves serving after each retrain (see below)",
        [PolicyReplay.Missing] = "LabA closed loop with scrapes missed (--missing-scrapes): gaps filled as the import fills them, a stale run changes nothing",
        [PolicyReplay.OpenLoop] = "LabA open loop: the forecast alone (no Prometheus), Scaler's rules",
        [PolicyReplay.Reactive] = "Kubernetes HPA defaults on the observed load",
        [PolicyReplay.Oracle] = "the actual load at the model's lead time, Scaler's rules",
        [PolicyReplay.StaticMax] = "fixed at the replayed peak (hindsight)",
        [PolicyReplay.StaticMean] = "fixed at the replayed mean (hindsight)",
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void WriteTable(BacktestOutcome outcome)
    {
        var result = outcome.Result;
        var options = result.Options;
        Console.WriteLine($"Backtest of model {outcome.Model.Version} ({outcome.Model.FeatureSet} features, horizon {Durations.Format(outcome.Model.Horizon)}) on {outcome.DataPath}");
        Console.WriteLine($"Replay: {outcome.WindowNote}; {result.Minutes.Count} minutes.");
        Console.WriteLine($"Load: {outcome.Scale.Description}. Demand = replicas the shared mapping gives for the actual load " +
                          $"({options.Rules.Mapping}).");
        Console.WriteLine($"Cluster: decisions on '{options.Capacity.Schedule.Text}', " +
                          $"new pods ready after {Durations.Format(options.Capacity.StartupDelay)} (the lead the Scaler forecasts for), scale-downs immediate; " +
                          $"HPA syncs every {Durations.Format(options.Hpa.SyncPeriod)} " +
                          $"on {(options.Rules.Mapping.PerReplica is null ? "CPU" : "the load per pod")} {Durations.Format(options.Hpa.MetricsLag)} old, " +
                          $"tolerance {options.Hpa.Tolerance.ToString("0%", CultureInfo.InvariantCulture)}, " +
                          $"scale-down stabilization {Durations.Format(options.Hpa.ScaleDownStabilization)}.");

        var oracleCost = result.Policy(PolicyReplay.Oracle).Metrics.ReplicaMinutes;
        // Spectre assumes 80 columns when output goes to a file or pipe, which folds this table; logs can be wider.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 120);
        var table = new Table().AddColumns("policy", "under-prov.\nminutes", "% of\ntime", "replica-\nminutes",
            "vs\noracle", "over-prov.\nrepl.-min", "shortfall\nrepl.-min", "scale\nchanges");
        foreach (var run in result.Policies)
        {
            var m = run.Metrics;
            table.AddRow(
                run.Name,
                Number(m.UnderProvisionedMinutes, "0.#"),
                Number(m.UnderProvisionedMinutes / result.Minutes.Count, "0.0%"),
                Number(m.ReplicaMinutes, "0"),
                Number(m.ReplicaMinutes / oracleCost - 1, "+0.0%;-0.0%;0.0%"),
                Number(m.OverProvisionedReplicaMinutes, "0"),
                Number(m.ShortfallReplicaMinutes, "0.#"),
                m.ScaleChanges.ToString(CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        foreach (var run in result.Policies) Console.WriteLine($"  {run.Name,-11} {Descriptions[run.Name]}");
        if (outcome.Missed is { } missed) Console.WriteLine(MissedLine(result, missed));
        Console.WriteLine(outcome.ProvisionQuantile.IsOff
            ? $"  predictive provisions for the plain forecast ({RecommendationCatalogue.ProvisionQuantile.Env}={outcome.ProvisionQuantile})."
            : string.Create(CultureInfo.InvariantCulture,
                $"  predictive provisions for forecast {outcome.ProvisioningMargin:+0.###;-0.###} " +
                $"({RecommendationCatalogue.ProvisionQuantile.Env}={outcome.ProvisionQuantile}: that quantile of the model's validation errors, in the series' unit)."));

        if (CoverageLine(result, outcome) is { } coverage) Console.WriteLine(coverage);

        if (outcome.Retraining is { } retraining) WriteRetraining(result, retraining, outcome.RetrainDays!);

        var verdict = ReplayVerdict.Of(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Predictive vs reactive: {Math.Abs(verdict.UnderProvisionedReductionVsReactive):0%} " +
            $"{(verdict.UnderProvisionedReductionVsReactive >= 0 ? "fewer" : "MORE")} under-provisioned minutes " +
            $"(goal >= {ReplayVerdict.ReductionGoal:0%}): {(verdict.FewerShortfallsGoalMet ? "met" : "NOT met")}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Predictive cost: {verdict.ReplicaMinutesAboveOracle:+0.0%;-0.0%;0.0%} replica-minutes against the oracle " +
            $"(goal <= +{ReplayVerdict.CostGoal:0%}): {(verdict.CostGoalMet ? "met" : "NOT met")}."));
        Console.WriteLine($"Step-by-step series: {outcome.CsvPath}");
        Console.WriteLine($"Chart: {outcome.ChartPath}");
        if (outcome.CalibrationCsvPath is { } calibrationPath) Console.WriteLine($"Margin calibration, run by run: {calibrationPath}");
    }

    /// <summary>
    /// How often the provisioned peak covered the observed peak of its window, fixed margin against calibrated; null
    /// without a calibrated row (a quantile of "off").
    /// </summary>
    internal static string? CoverageLine(ReplayResult result, BacktestOutcome outcome)
    {
        if (result.Policies.FirstOrDefault(p => p.Name == PolicyReplay.Calibrated)?.Calibration is not { } calibrated) return null;
        var fixedMargin = result.Policy(PolicyReplay.Predictive).Calibration!;
        return string.Create(CultureInfo.InvariantCulture,
            $"  coverage at {RecommendationCatalogue.ProvisionQuantile.Env}={outcome.ProvisionQuantile} (the provisioned peak at or above the observed peak of its window): "
            + $"{PolicyReplay.Predictive} (fixed margin) {fixedMargin.ObservedCoverage:0.0%} of {fixedMargin.Resolved} windows, "
            + $"{PolicyReplay.Calibrated} {calibrated.ObservedCoverage:0.0%} of {calibrated.Resolved} "
            + $"(margin {calibrated.TrainingMargin:+0.##;-0.##;0} CPU% at the start, {calibrated.Margin:+0.##;-0.##;0} at the end).");
    }

    /// <summary>How the learning loop was replayed, what each retrain decided, and the retrained row against the frozen one.</summary>
    private static void WriteRetraining(ReplayResult result, RetrainingOptions retraining, IReadOnlyList<RetrainDay> days)
    {
        var frozen = result.Policy(PolicyReplay.Frozen).Metrics;
        var retrained = result.Policy(PolicyReplay.Retrained).Metrics;
        Console.WriteLine($"  {PolicyReplay.Frozen}: a model trained as a retrain trains it (--trainer {retraining.Challenge.Trainer}) on the last " +
                          $"{Span(retraining.Range)} before the replay, serving throughout. {PolicyReplay.Retrained}: the same first model, then every " +
                          $"{Span(retraining.Every)} the retrain job's decision on the last {Span(retraining.Range)} before that instant " +
                          $"(margin {Number(retraining.Challenge.Margin, "0.#%")}).");
        Console.WriteLine($"  {days.Count - 1} retrains after the first model: {Count(days, RetrainingReplay.Promoted)} promoted, {Count(days, RetrainingReplay.Kept)} kept, " +
                          $"{Count(days, RetrainingReplay.Skipped)} skipped, {Number(days.Sum(day => day.Seconds), "0")} s of training and scoring.");
        foreach (var day in days)
        {
            var scores = day.ChallengerMae is { } mae
                ? $" {day.ChallengerForecaster} MAE {Number(mae, "0.###")}" + (day.ChampionMae is { } champion ? $" vs champion {Number(champion, "0.###")}" : "")
                : "";
            Console.WriteLine($"    {day.At:yyyy-MM-dd HH:mm} {day.Decision,-8}{scores}; serving {day.Serving}");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Retrained vs frozen: {retrained.UnderProvisionedMinutes:0.#} against {frozen.UnderProvisionedMinutes:0.#} under-provisioned minutes, " +
            $"{retrained.ReplicaMinutes / frozen.ReplicaMinutes - 1:+0.0%;-0.0%;0.0%} replica-minutes."));
    }

    /// <summary>Whole days as the options take them ("1d", "14d"), anything else as a duration.</summary>
    private static string Span(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 ? $"{span.Ticks / TimeSpan.TicksPerDay}d" : Durations.Format(span);

    private static int Count(IReadOnlyList<RetrainDay> days, string decision) => days.Count(day => day.Decision == decision);

    public static string ToJson(BacktestOutcome outcome)
    {
        var result = outcome.Result;
        var options = result.Options;
        return JsonSerializer.Serialize(new
        {
            model = new { version = outcome.Model.Version, featureSet = outcome.Model.FeatureSet, horizon = Durations.Format(outcome.Model.Horizon) },
            provisioning = new { quantile = outcome.ProvisionQuantile.ToString(), margin = outcome.ProvisioningMargin },
            data = outcome.DataPath,
            replay = new { from = result.From, to = result.To, minutes = result.Minutes.Count, note = outcome.WindowNote },
            load = outcome.Scale.Description,
            settings = new
            {
                schedule = options.Capacity.Schedule.Text,
                startupDelay = Durations.Format(options.Capacity.StartupDelay),
                minReplicas = options.Rules.Mapping.MinReplicas,
                maxReplicas = options.Rules.Mapping.MaxReplicas,
                // Per-replica capacity replaces the CPU band: one or the other, as the workload list takes them.
                cpuLow = options.Rules.Mapping.PerReplica is null ? options.Rules.Mapping.CpuLow : (double?)null,
                cpuHigh = options.Rules.Mapping.PerReplica is null ? options.Rules.Mapping.CpuHigh : (double?)null,
                perReplica = options.Rules.Mapping.PerReplica,
                maxScaleUpStep = options.Rules.MaxScaleUpStep,
                maxScaleDownStep = options.Rules.MaxScaleDownStep,
                scaleDownStabilization = Durations.Format(options.Rules.ScaleDownStabilization),
                hpa = new
                {
                    syncPeriod = Durations.Format(options.Hpa.SyncPeriod),
                    metricsLag = Durations.Format(options.Hpa.MetricsLag),
                    tolerance = options.Hpa.Tolerance,
                    scaleDownStabilization = Durations.Format(options.Hpa.ScaleDownStabilization),
                },
            },
            policies = result.Policies.Select(run => new
            {
                name = run.Name,
                description = Descriptions[run.Name],
                metrics = run.Metrics,
                coverage = run.Calibration?.ObservedCoverage,
                // In CPU% (of the series' maximum for a series that is not CPU), as the Scaler adds it to the Predictor's peak.
                margin = run.Calibration is { Fixed: false } calibration ? calibration.Margin : (double?)null,
                marginStart = run.Calibration is { Fixed: false } started ? started.TrainingMargin : (double?)null,
            }),
            verdict = ReplayVerdict.Of(result),
            retraining = outcome.Retraining is { } retraining
                ? new
                {
                    every = Span(retraining.Every),
                    range = Span(retraining.Range),
                    trainer = retraining.Challenge.Trainer,
                    margin = retraining.Challenge.Margin,
                    retrains = outcome.RetrainDays,
                }
                : null,
            files = new { csv = outcome.CsvPath, chart = outcome.ChartPath, calibration = outcome.CalibrationCsvPath },
        }, Json);
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
