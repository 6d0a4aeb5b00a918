using LabA.Domain.Scaling;
using LabA.Forecasting.Series;
using LabA.Trainer.Backtest;
using static LabA.Trainer.Tests.Backtest.BacktestFixtures;

namespace LabA.Trainer.Tests.Backtest;

public class PolicyReplayTests
{
    private static readonly BacktestOptions Options = new(Rules(), Capacity(), HpaSettings.Default, TimeSpan.FromMinutes(5));

    /// <summary>Two days of a smooth daily cycle between load 10 and 90, one point a minute.</summary>
    private static LoadSeries DailyCycle() => LoadSeries.Create(
        [.. Enumerable.Range(0, 2 * 1440).Select(i => new Observation(Start.AddMinutes(i), 50 - 40 * Math.Cos(2 * Math.PI * i / 1440)))],
        "daily cycle");

    [Fact]
    public void Runs_every_policy_over_the_same_minutes()
    {
        var series = DailyCycle();
        var from = Start.AddDays(1);
        var result = PolicyReplay.Run(series, from, series.End + series.Step, (_, target) => 50, Options);

        Assert.Equal(
            [PolicyReplay.Predictive, PolicyReplay.OpenLoop, PolicyReplay.Reactive, PolicyReplay.Oracle, PolicyReplay.StaticMax, PolicyReplay.StaticMean],
            result.Policies.Select(p => p.Name));
        Assert.Equal(1440, result.Minutes.Count);
        Assert.All(result.Policies, p => Assert.Equal(1440, p.ReadyByMinute.Length));
        Assert.Equal(from, result.Minutes[0]);
        Assert.Equal(series.Observations[1440].Value, result.Load[0]);
        Assert.Equal(Mapping.Recommend(result.Load[0]), result.Demand[0]);
    }

    [Fact]
    public void A_perfect_forecast_makes_the_open_loop_the_oracle()
    {
        var series = DailyCycle();
        var simulator = Simulator(series);
        var result = PolicyReplay.Run(series, Start.AddDays(1), series.End + series.Step, (_, target) => simulator.LoadAt(target), Options);

        Assert.Equal(result.Policy(PolicyReplay.Oracle).Metrics, result.Policy(PolicyReplay.OpenLoop).Metrics);
        Assert.Equal(result.Load, result.Forecast);
    }

    [Fact]
    public void The_closed_loop_corrects_a_burst_the_forecast_misses_and_the_open_loop_does_not()
    {
        // Two hours at load 10 with one hour at 60 in the middle; the forecast never sees the burst.
        var series = Minutes((30, 10), (60, 60), (30, 10));
        var result = PolicyReplay.Run(series, series.Start, series.End + series.Step, (_, _) => 10, Options);

        var closed = result.Policy(PolicyReplay.Predictive);
        var open = result.Policy(PolicyReplay.OpenLoop);
        // The open loop stays at 2 replicas for the whole hour; the closed loop sees the burst in the first run after
        // its first scraped minute, and its 7 replicas are ready after the start-up delay.
        Assert.Equal(60, open.Metrics.UnderProvisionedMinutes);
        Assert.InRange(closed.Metrics.UnderProvisionedMinutes, 2, 5);
        Assert.Equal(7, closed.ReadyByMinute[40]);
        Assert.Equal(2, open.ReadyByMinute[40]);
    }

    [Fact]
    public void The_closed_loop_floors_with_the_load_scraped_one_lag_before_the_decision()
    {
        // The burst starts at minute 31 and the decision at minute 32 sees the sample scraped at 31:45 with a 15 s lag
        // (the grid point 32:00 carries minute 31's value): 7 replicas. With a lag of more than a minute it sees minute
        // 30's value and waits for the next run.
        var series = Minutes((31, 10), (60, 60), (29, 10));
        var soon = PolicyReplay.Run(series, series.Start, series.End + series.Step, (_, _) => 10, Options);
        var late = PolicyReplay.Run(series, series.Start, series.End + series.Step, (_, _) => 10, Options with { ObservationLag = TimeSpan.FromSeconds(90) });

        Assert.Equal(7, soon.Policy(PolicyReplay.Predictive).ReplicasByMinute[32]);
        Assert.Equal(2, late.Policy(PolicyReplay.Predictive).ReplicasByMinute[32]);
        Assert.Equal(7, late.Policy(PolicyReplay.Predictive).ReplicasByMinute[34]);
    }

    [Fact]
    public void Static_sizes_come_from_the_peak_and_the_mean_of_the_replayed_load()
    {
        var series = DailyCycle();
        var result = PolicyReplay.Run(series, Start.AddDays(1), series.End + series.Step, (_, _) => 50, Options);

        var peak = result.Policy(PolicyReplay.StaticMax);
        Assert.Equal(0.0, peak.Metrics.UnderProvisionedMinutes);
        Assert.Equal(0, peak.Metrics.ScaleChanges);
        Assert.All(peak.ReadyByMinute, r => Assert.Equal(Mapping.Recommend(90), r));
        var mean = result.Policy(PolicyReplay.StaticMean);
        Assert.All(mean.ReadyByMinute, r => Assert.Equal(Mapping.Recommend(50), r));
        Assert.True(mean.Metrics.UnderProvisionedMinutes > 400, $"{mean.Metrics.UnderProvisionedMinutes}");
    }

    [Fact]
    public void Knowing_the_load_ahead_beats_reacting_to_it()
    {
        var series = DailyCycle();
        var simulator = Simulator(series);
        var result = PolicyReplay.Run(series, Start.AddDays(1), series.End + series.Step, (_, target) => simulator.LoadAt(target), Options);

        var reactive = result.Policy(PolicyReplay.Reactive).Metrics;
        var oracle = result.Policy(PolicyReplay.Oracle).Metrics;
        // The oracle is not perfect under the Scaler's rules: a recommendation covers up to lead + window (7 min) ahead but
        // leaves the 5-minute stabilization window sooner, so a scale-down can land a minute early on a falling load.
        Assert.InRange(oracle.UnderProvisionedMinutes, 0, 3);
        Assert.True(reactive.UnderProvisionedMinutes > 10 * Math.Max(oracle.UnderProvisionedMinutes, 1),
            $"reactive {reactive.UnderProvisionedMinutes} vs oracle {oracle.UnderProvisionedMinutes}");
        Assert.True(reactive.ScaleChanges > 0);
    }

    [Fact]
    public void The_forecast_line_is_made_one_lead_time_before_each_observation()
    {
        var series = DailyCycle();
        var asked = new List<(DateTimeOffset Origin, DateTimeOffset Target)>();
        PolicyReplay.Run(series, Start.AddDays(1), Start.AddDays(1).AddMinutes(3), (origin, target) =>
        {
            asked.Add((origin, target));
            return 50;
        }, Options);

        var line = asked.Where(a => a.Target - a.Origin == Options.Lead && a.Target.Second == 0 && a.Target <= Start.AddDays(1).AddMinutes(2)).ToList();
        Assert.Equal([0, 1, 2], line.Select(a => (int)(a.Target - Start.AddDays(1)).TotalMinutes).Distinct().Order());
        Assert.DoesNotContain(asked, a => a.Target < a.Origin);
    }

    [Fact]
    public void The_calibrated_row_learns_the_asked_coverage_that_a_too_wide_training_margin_overshoots()
    {
        // The forecast follows the cycle but a pseudo-random error of up to +-6 points; the training margin (20) was
        // sized on errors far larger than these, so the fixed margin covers every window and pays for it.
        var series = DailyCycle();
        var simulator = Simulator(series);
        double Plain(DateTimeOffset origin, DateTimeOffset target) =>
            simulator.LoadAt(target) + 6 * Math.Sin(target.ToUnixTimeSeconds() / 60 * 12.9898 % (2 * Math.PI));
        var result = PolicyReplay.Run(series, Start.AddDays(1), series.End + series.Step, (o, t) => Plain(o, t) + 20, (o, t) => Plain(o, t) + 20, Options,
            calibration: (Plain, MarginCalibration.Start(0.9, 20), MarginCalibration.FixedAt(0.9, 0)));

        var fixedMargin = result.Policy(PolicyReplay.Predictive);
        var calibrated = result.Policy(PolicyReplay.Calibrated);
        Assert.Equal(1.0, fixedMargin.Calibration!.ObservedCoverage);
        Assert.InRange(calibrated.Calibration!.ObservedCoverage!.Value, 0.87, 0.93);
        Assert.InRange(calibrated.Calibration.Margin, 0, 12);
        Assert.True(calibrated.Metrics.ReplicaMinutes < fixedMargin.Metrics.ReplicaMinutes,
            $"calibrated {calibrated.Metrics.ReplicaMinutes} replica-minutes against fixed {fixedMargin.Metrics.ReplicaMinutes}");
    }
}
