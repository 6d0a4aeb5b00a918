using LabA.Domain.Scaling;
using LabA.Prometheus;

namespace LabA.Trainer.Backtest;

/// <summary>
/// LabA's Scaler: at each CronJob run it asks for the largest forecast over [now + lead, now + lead + window], where the
/// lead is the pods' start-up delay (the Scaler's POD_STARTUP) and the window the schedule's longest interval between runs
/// (as ScalerSettings.ForecastWindow), maps it to replicas and applies the Scaler's rules. With the model's forecaster this
/// is the predictive policy; with the actual series it is the oracle at the same lead time. In closed loop
/// (<paramref name="observationLag"/> set) the forecast is made from the load as the Scaler reads it from Prometheus (its
/// LoadObserver): readings every step back from the decision, each the load scraped one <paramref name="observationLag"/>
/// earlier and labelled with the step that load belongs to, so the series is known up to the step holding
/// now - lag. It also applies the Scaler's reactive floor to those readings: the lowest of the newest two (the Scaler's
/// sustained load). With a
/// <paramref name="calibration"/> (closed loop only) it adds that margin to the peak and updates it as the Scaler does:
/// count the windows the observations now reach, then provision with the margin that leaves.
/// </summary>
/// <remarks>
/// The calibration is the one thing this policy carries from one decision to the next itself: the Scaler keeps it in
/// its state ConfigMap, and a replay runs each policy object once, in time order.
/// </remarks>
public sealed class ForecastPolicy(
    string name,
    LoadForecaster forecaster,
    TimeSpan lead,
    TimeSpan targetStep,
    CronSchedule schedule,
    ScalingRules rules,
    TimeSpan? observationLag = null,
    MissedScrapes? missed = null,
    MarginCalibration? calibration = null) : IReplicaPolicy
{
    /// <summary>As the Scaler's LoadObserver: a newest sample older than this many steps is stale, and the run fails.</summary>
    private const int StaleAfterSteps = 2;

    // As the Scaler sizes its window: the longest gap between runs, so that no gap is left uncovered.
    private readonly TimeSpan _window = schedule.LongestInterval();

    public string Name { get; } = name;

    /// <summary>The margin calibration as the last decision left it; null without one.</summary>
    public MarginCalibration? Calibration { get; private set; } = calibration;

    private readonly List<ProvisionedWindow> _provisioned = [];
    private readonly Dictionary<DateTimeOffset, double> _observedPeaks = [];

    /// <summary>
    /// With a calibration, each run's window in time order: what it forecast, the margin, what it provisioned and, once a
    /// later run counted it, the observed peak it was counted by.
    /// </summary>
    public IReadOnlyList<ProvisionedWindow> Provisioned =>
        [.. _provisioned.Select(window => _observedPeaks.TryGetValue(window.First, out var peak) ? window with { ObservedPeak = peak } : window)];

    public IEnumerable<DateTimeOffset> DecisionTimes(DateTimeOffset from, DateTimeOffset to) => CronTimes(schedule, from, to);

    public int InitialReplicas(int demandAtStart) => demandAtStart;

    public ScalingDecision Decide(DecisionContext context)
    {
        // The newest reading is the load scraped one lag before now; every reading of this run is taken as far into its step.
        var origin = context.Now - (observationLag ?? TimeSpan.Zero);
        var newest = PrometheusClient.AlignDown(origin, targetStep);
        var offset = origin - newest;
        if (missed is not null)
        {
            // The Scaler reads the newest sample Prometheus has; with none fresh it fails and changes nothing.
            var newestIndex = missed.IndexAt(origin);
            var index = missed.NewestAtOrBefore(origin);
            if (index < 0 || context.Now - missed.Series.Observations[index].Timestamp > targetStep * StaleAfterSteps)
            {
                missed.Counts.Failed++;
                return new ScalingDecision(context.Current, context.Current, context.Current, ScalingAction.None,
                    "run failed: no fresh sample", context.History);
            }
            if (index < newestIndex) missed.Counts.FromOlderSample++;
            newest -= targetStep * (newestIndex - index);
            origin = missed.Series.Observations[index].Timestamp;
        }
        var peak = PeakForecast(context.Now, origin);
        if (Calibration is { } calibrated && observationLag is not null)
        {
            // The Scaler's order (ScaleRun): resolve with the newest observations, then provision with the margin that leaves.
            calibrated = calibrated.Resolve(at => ObservedLoad(context, at, offset), newest, targetStep,
                (window, observedPeak) => _observedPeaks[window.First] = observedPeak);
            var forecastPeak = peak;
            peak += calibrated.Margin;
            Calibration = calibrated.Provision(context.Now + lead, context.Now + lead + _window, peak);
            _provisioned.Add(new ProvisionedWindow(context.Now, context.Now + lead, context.Now + lead + _window, forecastPeak, calibrated.Margin, peak));
        }
        var recommended = rules.Mapping.Recommend(peak);
        if (observationLag is not null)
            recommended = ReactiveFloor.Apply(rules.Mapping, recommended, SustainedLoad(context, newest, offset)).Replicas;
        return ScalingPolicy.Decide(
            rules, context.Current, recommended, context.Now, context.History,
            neededUntil: context.Now + lead + _window);
    }

    /// <summary>
    /// The reading a run labels <paramref name="step"/>: the load <paramref name="offset"/> into that step, as far in as the
    /// run's newest reading is into its own. The Scaler refuses a reading outside the mapping's range (a CPU% for the band,
    /// any servable load for per-replica capacity) and changes nothing; a replayed series has no such faults, so a value
    /// out of range is held at the bound instead.
    /// </summary>
    private double ObservedLoad(DecisionContext context, DateTimeOffset step, TimeSpan offset) =>
        Math.Clamp(context.LoadAt(step + offset), 0, rules.Mapping.MaxLoad);

    /// <summary>
    /// The load the Scaler's floor follows (<see cref="ReactiveFloor.SustainedLoad"/>): the lowest of the newest readings
    /// on the model's grid, as RecommendationSource takes them from its observation window. A rise shorter than that many
    /// steps never reaches the floor, in the Scaler and so here.
    /// </summary>
    private double SustainedLoad(DecisionContext context, DateTimeOffset newest, TimeSpan offset) =>
        ReactiveFloor.SustainedLoad([.. Enumerable.Range(0, ReactiveFloor.SustainedReadings).Reverse()
            .Select(back => ObservedLoad(context, newest - targetStep * back, offset))]);

    /// <summary>The largest forecast at the series' step over the window the decision at <paramref name="now"/> must cover.</summary>
    public double PeakForecast(DateTimeOffset now) => PeakForecast(now, now);

    /// <param name="origin">What the forecast is made from: the instant of the newest reading the Scaler has (one lag before now, or the
    /// newest sample not missed).</param>
    private double PeakForecast(DateTimeOffset now, DateTimeOffset origin)
    {
        var peak = double.NegativeInfinity;
        foreach (var target in ForecastWindow.Targets(now + lead, _window, targetStep))
        {
            var value = forecaster(origin, target);
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
