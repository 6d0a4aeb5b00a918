using LabA.Domain.Scaling;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>
/// The replay: runs the six policies side by side over one window of a series, and the retrained closed loop when there
/// is one. Its result is a <see cref="ReplayResult"/>; <see cref="BacktestJob"/> wraps it for the backtest command.
/// </summary>
public static class PolicyReplay
{
    /// <summary>The deployed Scaler in closed loop: forecast from the observations it scraped, floored by the newest one.</summary>
    public const string Predictive = "predictive";
    /// <summary>The same closed loop with the margin calibrated online from the windows it observes (<see cref="Domain.Scaling.MarginCalibration"/>).</summary>
    public const string Calibrated = "predictive-calibrated";
    /// <summary>The same closed loop with the retraining replay's first model, never retrained (<see cref="RetrainingReplay"/>).</summary>
    public const string Frozen = "predictive-frozen";
    /// <summary>The same closed loop with the model the retraining replay leaves serving after each retrain.</summary>
    public const string Retrained = "predictive-retrained";
    /// <summary>The same closed loop with scrapes missed at a rate (<see cref="MissedScrapes"/>).</summary>
    public const string Missing = "predictive-missing";
    /// <summary>The Scaler without Prometheus: the forecast alone.</summary>
    public const string OpenLoop = "open-loop";
    public const string Reactive = "reactive";
    public const string Oracle = "oracle";
    public const string StaticMax = "static-max";
    public const string StaticMean = "static-mean";

    /// <summary>A replay where the closed and the open loop ask the same forecaster (one that ignores the observations).</summary>
    public static ReplayResult Run(LoadSeries series, DateTimeOffset from, DateTimeOffset to, LoadForecaster forecaster, BacktestOptions options) =>
        Run(series, from, to, forecaster, forecaster, options);

    /// <param name="closedLoop">The forecast from the observations as the Scaler reads them (each decision cuts them one scrape lag before it).</param>
    /// <param name="openLoop">The forecast as the open-loop path asks it, and as the chart's forecast line shows it.</param>
    /// <param name="calibration">The closed loop's forecast without any margin, the calibration it starts from (the training margin in
    /// CPU%), and the fixed calibration the predictive row counts its coverage with (margin 0: its forecast already has it); null: no such row.</param>
    /// <param name="retraining">The closed loop's forecast from the retraining replay's first model alone, and from the model serving at each
    /// origin as retraining left it; null: no such rows.</param>
    public static ReplayResult Run(
        LoadSeries series,
        DateTimeOffset from,
        DateTimeOffset to,
        LoadForecaster closedLoop,
        LoadForecaster openLoop,
        BacktestOptions options,
        (LoadForecaster Frozen, LoadForecaster Retrained)? retraining = null,
        (LoadForecaster Forecaster, MissedScrapes Missed)? missing = null,
        (LoadForecaster Plain, MarginCalibration Start, MarginCalibration Fixed)? calibration = null)
    {
        var mapping = options.Rules.Mapping;
        var simulator = new CapacitySimulator(series, from, to, mapping, options.Capacity);
        var minutes = Enumerable.Range(0, simulator.Minutes).Select(m => from.AddMinutes(m)).ToArray();
        var load = minutes.Select(simulator.LoadAt).ToArray();
        var demand = Enumerable.Range(0, simulator.Minutes).Select(m => simulator.DemandAtSecond(m * 60)).ToArray();

        var schedule = options.Capacity.Schedule;
        IReplicaPolicy[] policies =
        [
            new ForecastPolicy(Predictive, closedLoop, options.Lead, series.Step, schedule, options.Rules, options.ObservationLag, calibration: calibration?.Fixed),
            .. calibration is { } calibrated
                ? new[] { new ForecastPolicy(Calibrated, calibrated.Plain, options.Lead, series.Step, schedule, options.Rules, options.ObservationLag, calibration: calibrated.Start) }
                : [],
            .. retraining is { } replay
                ? new[] { (Frozen, replay.Frozen), (Retrained, replay.Retrained) }
                    .Select(row => new ForecastPolicy(row.Item1, row.Item2, options.Lead, series.Step, schedule, options.Rules, options.ObservationLag))
                : [],
            .. missing is { } gaps
                ? new[] { new ForecastPolicy(Missing, gaps.Forecaster, options.Lead, series.Step, schedule, options.Rules, options.ObservationLag, gaps.Missed) }
                : [],
            new ForecastPolicy(OpenLoop, openLoop, options.Lead, series.Step, schedule, options.Rules),
            new HpaPolicy(Reactive, options.Hpa, mapping),
            new ForecastPolicy(Oracle, (_, target) => simulator.LoadAt(target), options.Lead, series.Step, schedule, options.Rules),
            // Sized with hindsight on the replayed window: the best a fixed size could have done.
            new StaticPolicy(StaticMax, mapping.Recommend(load.Max())),
            new StaticPolicy(StaticMean, mapping.Recommend(load.Average())),
        ];
        var runs = policies.Select(policy => simulator.Run(policy) with
        {
            Calibration = (policy as ForecastPolicy)?.Calibration,
            Provisioned = policy is ForecastPolicy forecast ? forecast.Provisioned : [],
        }).ToList();
        return new ReplayResult(from, to, options, minutes, load, demand, ForecastLine(series, minutes, openLoop, options.Lead), runs);
    }

    /// <summary>
    /// The forecast for each observation's time, made one lead time earlier, held over the minutes the observation covers
    /// (so a 30-minute series costs one forecast per 30 minutes).
    /// </summary>
    private static double[] ForecastLine(LoadSeries series, IReadOnlyList<DateTimeOffset> minutes, LoadForecaster forecaster, TimeSpan lead)
    {
        var line = new double[minutes.Count];
        var lastTarget = (DateTimeOffset?)null;
        var lastValue = double.NaN;
        for (var i = 0; i < minutes.Count; i++)
        {
            var steps = Math.Floor((minutes[i] - series.Start) / series.Step);
            var target = series.Start + series.Step * steps;
            if (target != lastTarget)
            {
                lastValue = forecaster(target - lead, target);
                lastTarget = target;
            }
            line[i] = lastValue;
        }
        return line;
    }
}
