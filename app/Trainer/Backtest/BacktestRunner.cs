using LabA.Domain.Scaling;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>The rules every policy plays by, and the lead time the predictive policy and the oracle look ahead.</summary>
public sealed record BacktestOptions(ScalingRules Rules, CapacityModel Capacity, HpaSettings Hpa, TimeSpan Lead);

/// <summary>A replay: the load, its forecast and demand at each minute, and every policy's run over the same minutes.</summary>
public sealed record BacktestResult(
    DateTimeOffset From,
    DateTimeOffset To,
    BacktestOptions Options,
    IReadOnlyList<DateTimeOffset> Minutes,
    IReadOnlyList<double> Load,
    IReadOnlyList<int> Demand,
    /// <summary>The forecaster's load for each minute, made one lead time before it, as the predictive policy saw it (with LabA's model: forecast + provisioning margin).</summary>
    IReadOnlyList<double> Forecast,
    IReadOnlyList<PolicyRun> Policies)
{
    public PolicyRun Policy(string name) => Policies.Single(p => p.Name == name);
}

/// <summary>Runs the five policies side by side over one window of a series.</summary>
public static class BacktestRunner
{
    public const string Predictive = "predictive";
    public const string Reactive = "reactive";
    public const string Oracle = "oracle";
    public const string StaticMax = "static-max";
    public const string StaticMean = "static-mean";

    public static BacktestResult Run(
        LoadSeries series,
        DateTimeOffset from,
        DateTimeOffset to,
        LoadForecaster forecaster,
        BacktestOptions options)
    {
        var mapping = options.Rules.Mapping;
        var simulator = new CapacitySimulator(series, from, to, mapping, options.Capacity);
        var minutes = Enumerable.Range(0, simulator.Minutes).Select(m => from.AddMinutes(m)).ToArray();
        var load = minutes.Select(simulator.LoadAt).ToArray();
        var demand = Enumerable.Range(0, simulator.Minutes).Select(m => simulator.DemandAtSecond(m * 60)).ToArray();

        var schedule = options.Capacity.Schedule;
        IReplicaPolicy[] policies =
        [
            new ForecastPolicy(Predictive, forecaster, options.Lead, series.Step, schedule, options.Rules),
            new HpaPolicy(Reactive, options.Hpa, mapping),
            new ForecastPolicy(Oracle, (_, target) => simulator.LoadAt(target), options.Lead, series.Step, schedule, options.Rules),
            // Sized with hindsight on the replayed window: the best a fixed size could have done.
            new StaticPolicy(StaticMax, mapping.Recommend(load.Max())),
            new StaticPolicy(StaticMean, mapping.Recommend(load.Average())),
        ];
        var runs = policies.Select(simulator.Run).ToList();
        return new BacktestResult(from, to, options, minutes, load, demand, ForecastLine(series, minutes, forecaster, options.Lead), runs);
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
