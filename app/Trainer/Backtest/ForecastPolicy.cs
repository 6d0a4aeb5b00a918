using LabA.Domain.Scaling;

namespace LabA.Trainer.Backtest;

/// <summary>
/// LabA's Scaler: at each CronJob run it asks for the largest forecast over [now + lead, now + lead + window], where the
/// window is the schedule's longest interval between runs (as ScalerSettings.ForecastWindow), maps it to replicas and
/// applies the Scaler's rules. With the model's forecaster this is the predictive policy; with the actual series it is
/// the oracle at the same lead time.
/// </summary>
public sealed class ForecastPolicy(
    string name,
    LoadForecaster forecaster,
    TimeSpan lead,
    TimeSpan targetStep,
    CronSchedule schedule,
    ScalingRules rules) : IReplicaPolicy
{
    // As the Scaler sizes its window: the longest gap between runs, so that no gap is left uncovered.
    private readonly TimeSpan _window = schedule.LongestInterval();

    public string Name { get; } = name;

    public IEnumerable<DateTimeOffset> DecisionTimes(DateTimeOffset from, DateTimeOffset to) => CronTimes(schedule, from, to);

    public int InitialReplicas(int demandAtStart) => demandAtStart;

    public ScalingDecision Decide(DecisionContext context)
    {
        var peak = PeakForecast(context.Now);
        return ScalingPolicy.Decide(
            rules, context.Current, rules.Mapping.Recommend(peak), context.Now, context.History,
            neededUntil: context.Now + lead + _window);
    }

    /// <summary>The largest forecast at the series' step over the window the decision at <paramref name="now"/> must cover.</summary>
    public double PeakForecast(DateTimeOffset now)
    {
        var peak = double.NegativeInfinity;
        foreach (var target in ForecastWindow.Targets(now + lead, _window, targetStep))
        {
            var value = forecaster(now, target);
            if (!double.IsFinite(value))
                throw new InvalidOperationException($"{Name}: the forecast made at {now:O} for {target:O} is {value}, not a number");
            peak = Math.Max(peak, value);
        }
        return peak;
    }

    /// <summary>A cron schedule's occurrences in [from, to).</summary>
    internal static IEnumerable<DateTimeOffset> CronTimes(CronSchedule schedule, DateTimeOffset from, DateTimeOffset to)
    {
        var next = schedule.NextAfter(from.AddTicks(-1));
        while (next is { } time && time < to)
        {
            yield return time;
            next = schedule.NextAfter(time);
        }
    }
}
