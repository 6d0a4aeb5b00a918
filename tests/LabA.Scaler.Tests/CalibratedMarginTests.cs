using System.Text.Json;
using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Scaler.Decisions;
using LabA.Scaler.Forecasts;

namespace LabA.Scaler.Tests;

/// <summary>How a closed-loop run calibrates the Predictor's margin from the state, and records what it did.</summary>
public class CalibratedMarginTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 14, 30, 20, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);
    private static readonly ScalerSettings Settings = ScalerSettings.Default with
    {
        Rules = ScalingRules.Default with { Mapping = ReplicaMapping.Create(1, 10, 20, 80) },
        PrometheusUrl = new Uri("http://prometheus:9090/"),
    };
    private const string Key = "web.margin-calibration";
    private static readonly DateTimeOffset First = Now.AddMinutes(5);
    private static readonly DateTimeOffset Last = Now.AddMinutes(7);

    /// <summary>The Predictor's answer: peak 50, provisioned 60 (training margin +10), i.e. 7 replicas; observed load 30 a minute for the last hour.</summary>
    private static ReplicaRecommendation Recommendation(double load = 30)
    {
        var mapping = Settings.Rules.Mapping;
        var answer = new PredictorAnswer(48, mapping.Recommend(60), First, 50, 60, 2, 5, "v1");
        var observations = Enumerable.Range(0, 60).Select(i => new ObservationItem(new DateTimeOffset(2025, 6, 1, 13, 31, 0, TimeSpan.Zero).AddMinutes(i), load)).ToList();
        return new ReplicaRecommendation(answer, ReactiveFloor.Apply(mapping, answer.RecommendedReplicas, load)) { Observations = observations, Step = Step };
    }

    [Fact]
    public void The_first_run_provisions_with_the_Predictors_margin_and_records_its_window()
    {
        var (calibrated, warning) = CalibratedMargin.Apply(Settings, Recommendation(), null, First, Last, Key);

        Assert.Null(warning);
        Assert.Equal(7, calibrated.Replicas);
        var calibration = calibrated.Calibration!;
        Assert.Equal((10.0, 10.0, 0.95), (calibration.Margin, calibration.TrainingMargin, calibration.Coverage));
        Assert.Equal(new PendingForecast(First, Last, 60), Assert.Single(calibration.Pending));
    }

    [Fact]
    public void A_window_the_load_rose_above_raises_the_margin_and_a_learned_smaller_margin_buys_fewer_replicas()
    {
        // An earlier run provisioned 40 for the minutes just observed at 45: a miss, so the margin rises by 0.95 steps of 1 (10 % of 10).
        var stored = MarginCalibration.Start(0.95, 10).Provision(Now.AddMinutes(-20), Now.AddMinutes(-18), 40).Serialize();
        var (missed, _) = CalibratedMargin.Apply(Settings, Recommendation(load: 45), stored, First, Last, Key);
        Assert.Equal((10.95, 1, 1), (missed.Calibration!.Margin, missed.Calibration.Resolved, missed.Calibration.Misses));
        Assert.Equal(60.95, missed.Calibration.Pending[^1].ProvisionedCpu, 9);

        // What many covered windows taught: -5 instead of +10, so the run provisions for 45 (5 replicas, not 7).
        var (learned, warning) = CalibratedMargin.Apply(Settings, Recommendation(), "aci1 0.95 -5 300 15", First, Last, Key);
        Assert.Null(warning);
        Assert.Equal(7, Recommendation().Replicas);
        Assert.Equal((5, 5, FloorWinner.Forecast), (learned.Floor!.Forecast, learned.Replicas, learned.Floor.Winner));
    }

    [Fact]
    public void An_unreadable_calibration_starts_over_from_the_Predictors_margin_and_says_so()
    {
        var (calibrated, warning) = CalibratedMargin.Apply(Settings, Recommendation(), "aci1 0.95 banana 3 1", First, Last, Key);

        Assert.Equal(10, calibrated.Calibration!.Margin);
        Assert.Equal(0, calibrated.Calibration.Resolved);
        Assert.Contains(Key, warning);
        Assert.Contains("started over", warning);
    }

    [Fact]
    public void Without_a_quantile_or_on_a_degraded_run_the_answer_is_used_as_it_is()
    {
        var off = Settings with { ProvisionQuantile = ProvisioningQuantile.Off };
        Assert.Null(CalibratedMargin.Apply(off, Recommendation(), null, First, Last, Key).Recommendation.Calibration);
        var degraded = Recommendation() with { Degradation = "no observation" };
        Assert.Same(degraded, CalibratedMargin.Apply(Settings, degraded, "aci1 0.95 -5 300 15", First, Last, Key).Recommendation);
    }

    [Fact]
    public void The_decision_keeps_the_calibration_in_the_state_and_shows_it_in_the_log_and_the_event()
    {
        var (calibrated, _) = CalibratedMargin.Apply(Settings, Recommendation(), "aci1 0.95 -5 300 15", First, Last, Key);
        var decision = ScalingPolicy.Decide(Settings.Rules, 2, calibrated.Replicas, Now, []);
        var record = new DecisionRecord("web", "shop", Now, calibrated, decision, DryRun: false, Conflicts: 0, HistoryWarning: null);

        Assert.Equal(calibrated.Calibration!.Serialize(), record.StateEntries[ScalerStateKeys.PrefixFor("web", false) + ScalerStateKeys.MarginCalibration]);
        Assert.Contains("margin -5 CPU% (Predictor's +10, calibrated to 0.95, covered 95.0% of 300 windows)", record.Summary);
        var output = new StringWriter();
        record.WriteLog(output);
        using var line = JsonDocument.Parse(output.ToString());
        var root = line.RootElement;
        Assert.Equal((-5.0, 10.0, 0.95, 300), (root.GetProperty("margin_cpu").GetDouble(), root.GetProperty("margin_training_cpu").GetDouble(),
            root.GetProperty("provision_quantile").GetDouble(), root.GetProperty("calibration_windows").GetInt32()));
        Assert.Equal(0.95, root.GetProperty("observed_coverage").GetDouble(), 9);
        Assert.Equal(45, root.GetProperty("provisioned_cpu").GetDouble());

        // A run that did not calibrate leaves the stored calibration alone: the merge patch has no such key.
        var plain = new DecisionRecord("web", "shop", Now, Recommendation(), decision, DryRun: false, Conflicts: 0, HistoryWarning: null);
        Assert.DoesNotContain(plain.StateEntries.Keys, key => key.EndsWith(ScalerStateKeys.MarginCalibration, StringComparison.Ordinal));
    }
}
