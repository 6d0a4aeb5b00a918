using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Scaler.Decisions;
using Xunit.Abstractions;

namespace LabA.Scaler.Tests;

/// <summary>
/// Faults around the writes and the calls' timeouts: a scale patch whose answer is lost, a stop signal after it was
/// sent, one transient 500, and answers slower than a third of the documented timeout.
/// </summary>
public class FaultTests(ITestOutputHelper output)
{
    private const string Ns = ScalerHarness.Namespace;
    private const string App = ScalerHarness.Deployment;
    private const string ScalePatch = $"PATCH /apis/apps/v1/namespaces/{Ns}/deployments/{App}/scale";
    private const string DeploymentGet = $"GET /apis/apps/v1/namespaces/{Ns}/deployments/{App}";

    /// <summary>Holds back the answer of the first scale patch only, after the patch was applied.</summary>
    private static Func<string, Task<bool>> FirstPatchAnswer(Func<Task<bool>> answer)
    {
        var first = 1;
        return request => request == ScalePatch && Interlocked.Exchange(ref first, 0) == 1 ? answer() : Task.FromResult(true);
    }

    [Fact]
    public async Task A_scale_patch_answered_after_the_call_timeout_is_read_back_and_reported_as_scaled()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.KubernetesCallTimeout = TimeSpan.FromMilliseconds(500);
        harness.Kubernetes.AfterApply = FirstPatchAnswer(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            return true;
        });

        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));

        output.WriteLine($"exit {outcome.ExitCode}: {string.Join('\n', outcome.Log)}");

        Assert.True(outcome.ExitCode == ScalerExitCodes.Done, string.Join('\n', outcome.Log));
        Assert.Equal(6, harness.Replicas);
        Assert.Equal([6], harness.Kubernetes.ScaledTo);
        Assert.Equal(("True", "6"), (outcome.Field("scaled"), outcome.Field("desired_replicas")));
        Assert.Equal(DecisionRecord.ScaledReason, (string?)Assert.Single(harness.Kubernetes.Events)["reason"]);
    }

    [Fact]
    public async Task A_scale_patch_whose_connection_drops_after_it_landed_is_retried_and_its_409_recognised_by_reading_back()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Kubernetes.AfterApply = FirstPatchAnswer(() => Task.FromResult(false));

        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));

        output.WriteLine($"exit {outcome.ExitCode}: {string.Join('\n', outcome.Log)}");

        Assert.True(outcome.ExitCode == ScalerExitCodes.Done, string.Join('\n', outcome.Log));
        Assert.Equal(6, harness.Replicas);
        // Applied once: the retry kept the resourceVersion precondition, so it could only conflict.
        Assert.Equal([6], harness.Kubernetes.ScaledTo);
        Assert.Equal(2, harness.ScalePatches.Count());
        Assert.Equal(("True", "0"), (outcome.Field("scaled"), outcome.Field("conflicts_retried")));
    }

    [Fact]
    public async Task A_stop_signal_after_the_scale_patch_was_sent_reads_it_back_exits_3_and_says_so_in_an_event()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        using var sigterm = new CancellationTokenSource();
        harness.Kubernetes.AfterApply = FirstPatchAnswer(async () =>
        {
            await sigterm.CancelAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            return true;
        });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6), stop: sigterm.Token);

        output.WriteLine($"exit {outcome.ExitCode}: {string.Join('\n', outcome.Log)}");

        // Within the 5 s the process is given after SIGTERM (Program.cs ProcessTerminationTimeout).
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(6, harness.Replicas);
        Assert.True(outcome.ExitCode == ScalerExitCodes.ScaledButRecordingFailed, string.Join('\n', outcome.Log));
        Assert.Equal(("stopped", "True"), (outcome.Last("cause"), outcome.Last("scaled")));
        Assert.Contains("scaled web from 2 to 6 replicas, but then failed", outcome.Last("message"));
        var @event = Assert.Single(harness.Kubernetes.Events);
        Assert.Equal(("Warning", DecisionRecord.FailedReason), ((string?)@event["type"], (string?)@event["reason"]));
        Assert.Contains("scaled web from 2 to 6 replicas", (string?)@event["message"]);
    }

    [Theory]
    [InlineData(DeploymentGet)]
    [InlineData(ScalePatch)]
    public async Task One_transient_500_on_the_deployment_read_or_the_scale_patch_is_retried(string request)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Kubernetes.FailNext(request, 500);

        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));

        output.WriteLine($"exit {outcome.ExitCode}: {string.Join('\n', outcome.Log)}");

        Assert.True(outcome.ExitCode == ScalerExitCodes.Done, string.Join('\n', outcome.Log));
        Assert.Equal(6, harness.Replicas);
        Assert.Equal([6], harness.Kubernetes.ScaledTo);
    }

    [Theory]
    [InlineData(0.6, "1s")]
    [InlineData(3.5, "10s")] // the issue's
    public async Task A_predictor_slower_than_a_third_of_CURL_TIMEOUT_but_inside_it_is_waited_for(double seconds, string timeout)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Environment[ScalerCatalogue.PredictorTimeout.Env] = timeout;

        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6) with { Delay = TimeSpan.FromSeconds(seconds) });

        output.WriteLine($"exit {outcome.ExitCode}: {string.Join('\n', outcome.Log)}");

        Assert.True(outcome.ExitCode == ScalerExitCodes.Done, string.Join('\n', outcome.Log));
        Assert.Equal(6, harness.Replicas);
        Assert.Single(harness.Predictor.Queries);
    }

    [Fact]
    public async Task A_hung_predictor_fails_after_its_timeout_naming_the_per_attempt_timeout()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Environment[ScalerCatalogue.PredictorTimeout.Env] = "1s";
        harness.RunBudget = TimeSpan.FromSeconds(3);

        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6) with { Delay = TimeSpan.FromSeconds(30) });

        output.WriteLine($"exit {outcome.ExitCode}: {string.Join('\n', outcome.Log)}");

        Assert.Equal(ScalerExitCodes.FailedUnchanged, outcome.ExitCode);
        Assert.Contains("did not answer within 1s (CURL_TIMEOUT, each attempt)", outcome.Field("message"));
        Assert.Equal(2, harness.Replicas);
    }
}
