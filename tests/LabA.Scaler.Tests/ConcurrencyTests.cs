using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Scaler.Tests;

/// <summary>Overlapping runs (a manual Job beside the CronJob's, a retried pod) and dry runs beside real ones.</summary>
public class ConcurrencyTests
{
    [Fact]
    public async Task Sixteen_overlapping_runs_lose_no_history_entry_and_end_on_the_highest_recommendation()
    {
        const int runs = 16;
        await using var harness = await ScalerHarness.StartAsync(replicas: 9);
        harness.Environment[ScalerCatalogue.ScaleDownStabilization.Env] = "1h";
        harness.Environment[ScalerCatalogue.MaxScaleUpStep.Env] = "10";
        // Half the runs want 9, half want 2: whichever order they land in, a 9 stays in the window, so the count must end at 9.
        harness.Predictor.Reply = n => PredictorReply.Forecast(50, n % 2 == 0 ? 9 : 2);
        // Every answer a little late, so that the runs' reads and writes interleave.
        harness.Kubernetes.ResponseDelay = TimeSpan.FromMilliseconds(15);

        var clocks = Enumerable.Range(0, runs).Select(i => new FixedClock(ScalerHarness.Start.AddSeconds(i))).ToList();
        var outcomes = await Task.WhenAll(clocks.Select(clock => harness.RunAsync(clock: clock)));

        Assert.All(outcomes, outcome => Assert.Equal(ScalerExitCodes.Done, outcome.ExitCode));
        // Each run's recommendation is needed until its own time + horizon + window: one entry per run, none lost.
        var window = ScalerSettings.FromEnvironment(Domain.Settings.EnvReader.From(harness.Environment)).ForecastWindow;
        Assert.Equal(
            clocks.Select(c => c.Now + Defaults.Horizon + window).Order(),
            harness.History().Select(r => r.NeededUntil).Order());
        Assert.Equal(runs / 2, harness.History().Count(r => r.Replicas == 9));
        Assert.Equal(9, harness.Replicas);
        // The runs really overlapped: some had to read again.
        Assert.Contains(outcomes, outcome => outcome.Field("conflicts_retried") != "0");
    }

    [Fact]
    public async Task A_run_that_scaled_on_a_stale_history_decides_again_when_another_run_committed_meanwhile()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 9);
        harness.Environment[ScalerCatalogue.ScaleDownStabilization.Env] = "1h";
        harness.Environment[ScalerCatalogue.MaxScaleDownStep.Env] = "10";
        harness.Environment[ScalerCatalogue.MaxScaleUpStep.Env] = "10";
        var release = new TaskCompletionSource();
        // The scale-down's patch is held until the other run (wanting 9) has committed its recommendation and decided on 9 replicas.
        harness.Kubernetes.BeforeAnswer = request => request.StartsWith("PATCH", StringComparison.Ordinal) && request.EndsWith("/scale", StringComparison.Ordinal) ? release.Task : Task.CompletedTask;
        harness.Predictor.Reply = n => PredictorReply.Forecast(50, n == 0 ? 2 : 9);

        var down = harness.RunAsync(clock: new FixedClock(ScalerHarness.Start));
        await WaitUntil(() => harness.ScalePatches.Any());
        var up = await harness.RunAsync(clock: new FixedClock(ScalerHarness.Start.AddSeconds(1)));
        Assert.Equal(("none", "9"), (up.Field("action"), up.Field("current_replicas")));
        release.SetResult();
        var downOutcome = await down;

        // The held patch landed (9 -> 2), then the run saw the 9 committed meanwhile, decided again from the 9 it had
        // started from, and scaled back: as if the two runs had run one after the other.
        Assert.Equal(ScalerExitCodes.Done, downOutcome.ExitCode);
        Assert.Equal(("none", "9"), (downOutcome.Field("action"), downOutcome.Field("current_replicas")));
        Assert.Equal(9, harness.Replicas);
        Assert.Equal([2, 9], harness.Kubernetes.ScaledTo);
        Assert.Equal([2, 9], harness.History().Select(r => r.Replicas));
    }

    [Fact]
    public async Task A_dry_run_keeps_its_own_history_and_does_not_hold_a_later_real_run()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 6);
        harness.Environment[ScalerCatalogue.MaxScaleDownStep.Env] = "10";
        harness.Environment[ScalerCatalogue.DryRun.Env] = "true";
        await harness.RunAsync(PredictorReply.Forecast(90, 9));
        Assert.Equal([9], harness.History(dryRun: true).Select(r => r.Replicas));

        harness.Environment[ScalerCatalogue.DryRun.Env] = "false";
        harness.Clock.Now = ScalerHarness.Start.AddMinutes(2);
        var real = await harness.RunAsync(PredictorReply.Forecast(20, 2));

        // The dry run's 9 is not in the real window: the real run scales down on its own recommendation.
        Assert.Equal(("scale-down", "2"), (real.Field("action"), real.Field("desired_replicas")));
        Assert.Equal(2, harness.Replicas);
        Assert.Equal([2], harness.History().Select(r => r.Replicas));
        Assert.Equal([9], harness.History(dryRun: true).Select(r => r.Replicas));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the stand-in");
            await Task.Delay(10);
        }
    }
}
