using LabA.Domain.Scaling;

namespace LabA.Domain.Tests;

public class MarginCalibrationTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Replays a stationary stream: the plain forecast is 50, the load 50 plus Gaussian noise of <paramref name="sigma"/>;
    /// each run resolves what has been observed, then provisions for the next sample with the calibrated margin.
    /// </summary>
    private static MarginCalibration Replay(MarginCalibration calibration, int runs, double sigma, int seed = 7)
    {
        var random = new Random(seed);
        var load = new Dictionary<DateTimeOffset, double>();
        for (var i = 0; i < runs; i++)
        {
            var now = Start + Step * i;
            // Box-Muller: the stream must be reproducible, so no library sampler with its own seeding.
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            load[now] = 50 + sigma * noise;
            calibration = calibration.Resolve(at => load.TryGetValue(at, out var value) ? value : null, now, Step);
            calibration = calibration.Provision(now + Step, now + Step, 50 + calibration.Margin);
        }
        return calibration;
    }

    [Theory]
    [InlineData(20.0)] // the validation slice's errors were far larger than the served ones: the margin must come down
    [InlineData(0.2)] // far smaller: it must go up
    public void Converges_to_the_asked_coverage_from_a_training_margin_too_wide_or_too_narrow(double trainingMargin)
    {
        var calibrated = Replay(MarginCalibration.Start(0.9, trainingMargin), 6000, sigma: 3);
        Assert.InRange(calibrated.ObservedCoverage!.Value, 0.88, 0.92);
        // The 0.9 quantile of N(0, 3) is 3.84: the margin ends near it, not where it started.
        Assert.InRange(calibrated.Margin, 2.0, 6.5);

        var fixedMargin = Replay(MarginCalibration.FixedAt(0.9, trainingMargin), 6000, sigma: 3);
        Assert.Equal(trainingMargin, fixedMargin.Margin);
        Assert.True(Math.Abs(fixedMargin.ObservedCoverage!.Value - 0.9) > 0.08, $"the fixed margin covered {fixedMargin.ObservedCoverage}");
    }

    [Fact]
    public void Stays_within_its_bounds_when_every_forecast_misses_or_every_one_hits()
    {
        var calibration = MarginCalibration.Start(0.95, 4);
        var missing = calibration;
        var hitting = calibration;
        for (var i = 0; i < 500; i++)
        {
            var at = Start + Step * i;
            missing = missing.Provision(at, at, 0).Resolve(_ => 1000, at, Step);
            hitting = hitting.Provision(at, at, 1000).Resolve(_ => 0, at, Step);
        }
        Assert.Equal(calibration.UpperBound, missing.Margin);
        Assert.Equal(4 + MarginCalibration.UpperBoundScales * 4, missing.UpperBound);
        Assert.Equal(-4, hitting.Margin);
        Assert.Equal((500, 500, 0), (missing.Resolved, missing.Misses, hitting.Misses));
    }

    [Fact]
    public void A_window_is_counted_once_it_is_observed_by_its_peak_and_a_window_without_samples_is_dropped()
    {
        var calibration = MarginCalibration.Start(0.9, 2)
            .Provision(Start, Start + Step * 2, 60)
            .Provision(Start + Step * 3, Start + Step * 3, 60);
        var load = new Dictionary<DateTimeOffset, double> { [Start] = 40, [Start + Step] = 61, [Start + Step * 2] = 40 };

        var early = calibration.Resolve(at => load.GetValueOrDefault(at, double.NaN), Start + Step, Step);
        Assert.Equal((0, 2), (early.Resolved, early.Pending.Count));

        var resolved = calibration.Resolve(at => load.TryGetValue(at, out var value) ? value : null, Start + Step * 3, Step);
        // The first window's peak (61) is above 60: one miss; the second window has no sample and says nothing.
        Assert.Equal((1, 1, 0), (resolved.Resolved, resolved.Misses, resolved.Pending.Count));
        Assert.Equal(2 + 0.1 * MarginCalibration.StepFraction * 2 * 9, resolved.Margin, 9);
    }

    [Fact]
    public void Round_trips_through_its_text_and_follows_a_new_training_margin()
    {
        var calibration = MarginCalibration.Start(0.95, 3.5).Provision(Start, Start + Step, 70.25).Resolve(_ => 80, Start + Step, Step)
            .Provision(Start + Step * 2, Start + Step * 3, 71.5);
        var text = calibration.Serialize();

        var restored = MarginCalibration.TryParse(text, 0.95, 3.5);
        Assert.NotNull(restored);
        Assert.Equal((calibration.Margin, calibration.Resolved, calibration.Misses), (restored.Margin, restored.Resolved, restored.Misses));
        Assert.Equal(calibration.Pending, restored.Pending);
        Assert.Equal(text, restored.Serialize());

        // A retrained model with a smaller margin: what was learned is kept, within the new bounds.
        var retrained = MarginCalibration.TryParse(text, 0.95, 0.5)!;
        Assert.Equal((calibration.Margin, 0.5, 1), (retrained.Margin, retrained.TrainingMargin, retrained.Resolved));
        var narrower = MarginCalibration.TryParse(text.Replace(" 3.8325 ", " 40 "), 0.95, 0.5)!;
        Assert.Equal((narrower.UpperBound, 5.5), (narrower.Margin, narrower.UpperBound));
        // Another asked coverage: the counts were for another target, so it starts over.
        var other = MarginCalibration.TryParse(text, 0.9, 3.5)!;
        Assert.Equal((3.5, 0, 0), (other.Margin, other.Resolved, other.Pending.Count));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("aci0 0.95 1 2 1")]
    [InlineData("aci1 0.95 NaN 2 1")]
    [InlineData("aci1 1.5 1 2 1")]
    [InlineData("aci1 0.95 1 2 3")]
    [InlineData("aci1 0.95 1 -2 0")]
    [InlineData("aci1 0.95 1 2 1 100/50/3")]
    [InlineData("aci1 0.95 1 2 1 1/2")]
    [InlineData("aci1 0.95 1 2 1 1/99999999999999/3")]
    public void Text_it_did_not_write_is_refused(string text) => Assert.Null(MarginCalibration.TryParse(text, 0.95, 2));
}
