using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Scaler.Decisions;

namespace LabA.Scaler.Tests;

/// <summary>What a run reports when a write fails before or after it changed the replica count, and that its history survives.</summary>
public class RecordingTests
{
    private const string Events = $"POST /api/v1/namespaces/{ScalerHarness.Namespace}/events";
    private const string StateUpdate = $"PATCH /api/v1/namespaces/{ScalerHarness.Namespace}/configmaps/{Names.ScalerState}";

    [Theory]
    [InlineData(500, 3, "answered 500")]
    [InlineData(503, 3, "answered 503")]
    [InlineData(403, 1, "(403 Forbidden)")] // a refusal is not retried
    public async Task An_event_that_cannot_be_written_after_scaling_says_scaled_not_unchanged(int status, int failures, string cause)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Kubernetes.FailNext(Events, status, times: failures);

        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));

        Assert.Equal(ScalerExitCodes.ScaledButRecordingFailed, outcome.ExitCode);
        Assert.Equal(6, harness.Replicas);
        // The decision line first, then the failure, which says the count changed.
        Assert.Equal(("info", "True"), (outcome.Log[0].GetProperty("level").GetString(), outcome.Log[0].GetProperty("scaled").ToString()));
        Assert.Equal(("error", "True"), (outcome.Last("level"), outcome.Last("scaled")));
        Assert.StartsWith("scaled web from 2 to 6 replicas, but then failed: ", outcome.Last("message"));
        Assert.Contains(cause, outcome.Last("message"));
        Assert.DoesNotContain("left unchanged", outcome.Last("message"));
        Assert.Equal(failures, harness.Kubernetes.Requests.Count(r => r == Events));
        // The history was written before the scale: the next run's stabilization knows about this 6.
        Assert.Equal([6], harness.History().Select(r => r.Replicas));
        Assert.StartsWith("scale web from 2 to 6 replicas", harness.StateEntry(ScalerStateKeys.LastDecision));
    }

    [Fact]
    public async Task A_transient_event_failure_is_retried_and_the_run_succeeds()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Kubernetes.FailNext(Events, 500, times: 2);
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(ScalerExitCodes.Done, outcome.ExitCode);
        Assert.Equal(3, harness.Kubernetes.Requests.Count(r => r == Events));
        Assert.Equal(DecisionRecord.ScaledReason, (string?)Assert.Single(harness.Kubernetes.Events)["reason"]);
    }

    [Fact]
    public async Task A_slow_event_after_scaling_times_out_and_says_scaled()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Kubernetes.ResponseDelay = TimeSpan.FromSeconds(30);
        harness.Kubernetes.Delayed = request => request == Events;
        harness.KubernetesCallTimeout = TimeSpan.FromMilliseconds(500);
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(ScalerExitCodes.ScaledButRecordingFailed, outcome.ExitCode);
        Assert.Contains("did not answer 'create' on events in time", outcome.Last("message"));
        Assert.Equal(6, harness.Replicas);
    }

    [Fact]
    public async Task A_state_write_that_fails_stops_the_run_before_the_count_is_touched()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Kubernetes.FailNext(StateUpdate, 500);
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(ScalerExitCodes.FailedUnchanged, outcome.ExitCode);
        Assert.Equal("False", outcome.Field("scaled"));
        Assert.EndsWith("web left unchanged", outcome.Field("message"));
        Assert.Empty(harness.ScalePatches);
        Assert.Equal(2, harness.Replicas);
    }

    [Fact]
    public async Task A_conflict_on_the_state_that_left_the_targets_keys_alone_is_written_again_on_the_new_version()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Kubernetes.FailNext(StateUpdate, 409, times: 2);
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(ScalerExitCodes.Done, outcome.ExitCode);
        // Read again after each 409, and since nothing of this target's changed, not decided again.
        Assert.Equal(3, harness.Kubernetes.Requests.Count(r => r.StartsWith($"PATCH /api/v1/namespaces/{ScalerHarness.Namespace}/configmaps/", StringComparison.Ordinal)));
        Assert.Equal("0", outcome.Field("conflicts_retried"));
        Assert.Equal(6, harness.Replicas);
        Assert.Equal([6], harness.History().Select(r => r.Replicas));
    }

    [Fact]
    public async Task A_missing_state_configmap_is_named_and_nothing_is_scaled()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2, @namespace: "other");
        // The target exists, but in a namespace the stack did not create the state in.
        harness.Kubernetes.AddDeployment(ScalerHarness.Namespace, ScalerHarness.Deployment, 2);
        harness.Environment[ScalerCatalogue.TargetNamespace.Env] = ScalerHarness.Namespace;

        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));

        Assert.Equal(ScalerExitCodes.FailedUnchanged, outcome.ExitCode);
        Assert.Contains($"ConfigMap '{Names.ScalerState}' not found in namespace '{ScalerHarness.Namespace}'", outcome.Field("message"));
        Assert.Contains($"kubectl create configmap {Names.ScalerState} -n {ScalerHarness.Namespace}", outcome.Field("message"));
        Assert.Empty(harness.ScalePatches);
        Assert.Equal(2, harness.Replicas);
    }

    [Fact]
    public async Task A_run_out_of_budget_after_scaling_stops_itself_and_says_it_scaled()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        // A dry run first, so that a cold start of the client does not eat the short budget below.
        harness.Environment[ScalerCatalogue.DryRun.Env] = "true";
        Assert.Equal(ScalerExitCodes.Done, (await harness.RunAsync(PredictorReply.Forecast(80, 6))).ExitCode);
        harness.Environment[ScalerCatalogue.DryRun.Env] = "false";
        harness.Kubernetes.ResponseDelay = TimeSpan.FromSeconds(30);
        harness.Kubernetes.Delayed = request => request == Events;
        harness.RunBudget = TimeSpan.FromSeconds(2);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        // It waits out the budget, not the 30 s call; the timer may fire a millisecond before the stopwatch says 2 s.
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(6));
        Assert.True(outcome.ExitCode == ScalerExitCodes.ScaledButRecordingFailed, string.Join('\n', outcome.Log));
        Assert.Equal(("stopped", "True"), (outcome.Last("cause"), outcome.Last("scaled")));
        Assert.Contains("did not finish within its budget of 2s", outcome.Last("message"));
    }
}
