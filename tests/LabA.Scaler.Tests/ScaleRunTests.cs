using System.Web;
using LabA.Domain.Predict;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Scaler.Decisions;

namespace LabA.Scaler.Tests;

public class ScaleRunTests
{
    private const string Ns = ScalerHarness.Namespace;
    private const string App = ScalerHarness.Deployment;

    [Fact]
    public async Task POD_STARTUP_moves_the_time_asked_for_to_when_pods_started_now_are_ready()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Environment[ScalerCatalogue.PodStartup.Env] = "12m";
        var outcome = await harness.RunAsync(PredictorReply.Forecast(62.3, 5));

        Assert.Equal(0, outcome.ExitCode);
        var query = HttpUtility.ParseQueryString(Assert.Single(harness.Predictor.Queries));
        Assert.Equal("2025-06-01T14:42:00Z", query[PredictQueryKeys.At]);
        // The next run's pods are ready 12 minutes after it too: the window still spans one schedule gap.
        Assert.Equal("2", query[PredictQueryKeys.Window]);
    }

    [Fact]
    public async Task Scale_up_asks_for_the_ready_time_and_records_the_decision_three_ways()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        var outcome = await harness.RunAsync(PredictorReply.Forecast(62.3, 5));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(5, harness.Replicas);

        // The question: pods started now are ready after the horizon; the answer must hold until the next run (*/2).
        var query = HttpUtility.ParseQueryString(Assert.Single(harness.Predictor.Queries));
        Assert.Equal("2025-06-01T14:35:00Z", query[PredictQueryKeys.At]);
        Assert.Equal("2", query[PredictQueryKeys.Window]);

        Assert.Equal(("scale-up", "2", "5", "True"), (outcome.Field("action"), outcome.Field("current_replicas"), outcome.Field("desired_replicas"), outcome.Field("scaled")));
        Assert.Equal("62.3", harness.StateEntry(ScalerStateKeys.LastPredictedCpu));
        Assert.Equal("5", harness.StateEntry(ScalerStateKeys.LastRecommendation));
        Assert.StartsWith("scale web from 2 to 5 replicas", harness.StateEntry(ScalerStateKeys.LastDecision));
        Assert.Equal("2025-06-01T14:30:00.0000000Z", harness.StateEntry(ScalerStateKeys.LastDecisionTime));
        Assert.Equal([5], harness.History().Select(r => r.Replicas));
        var @event = Assert.Single(harness.Kubernetes.Events);
        Assert.Equal((DecisionRecord.ScaledReason, "Deployment", App), ((string?)@event["reason"], (string?)@event["involvedObject"]!["kind"], (string?)@event["involvedObject"]!["name"]));
        Assert.False(string.IsNullOrEmpty((string?)@event["involvedObject"]!["uid"]));
        Assert.Contains("scaled web from 2 to 5", (string?)@event["message"]);

        // Only the calls the Role allows, and the state is written before the count is touched:
        // get on the Deployment, patch on its scale, get and update on the state ConfigMap, create on events.
        Assert.Equal(
        [
            $"GET /api/v1/namespaces/{Ns}/configmaps/{Names.ScalerState}",
            $"GET /apis/apps/v1/namespaces/{Ns}/deployments/{App}",
            $"PATCH /api/v1/namespaces/{Ns}/configmaps/{Names.ScalerState}",
            $"PATCH /apis/apps/v1/namespaces/{Ns}/deployments/{App}/scale",
            $"GET /api/v1/namespaces/{Ns}/configmaps/{Names.ScalerState}",
            $"POST /api/v1/namespaces/{Ns}/events",
        ], harness.Kubernetes.Requests);
    }

    [Fact]
    public async Task Scale_down_is_held_inside_the_stabilization_window_and_proceeds_after_it()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 6);
        harness.Environment[ScalerCatalogue.MaxScaleDownStep.Env] = "10";

        Assert.Equal(0, (await harness.RunAsync(PredictorReply.Forecast(70, 6))).ExitCode);
        harness.Clock.Now = ScalerHarness.Start.AddMinutes(2);
        var held = await harness.RunAsync(PredictorReply.Forecast(25, 2));
        Assert.Equal(6, harness.Replicas);
        Assert.Equal("none", held.Field("action"));
        Assert.Contains("stabilization", held.Field("reason"));
        Assert.Equal(DecisionRecord.SkippedReason, (string?)harness.Kubernetes.Events.Last()["reason"]);
        Assert.Empty(harness.ScalePatches);

        // The 6 was made for the load until 7 minutes after it was asked (5-minute horizon + 2-minute window); five minutes
        // after that it leaves the window. Still there a second before, gone a second after: the state came from the ConfigMap.
        harness.Clock.Now = ScalerHarness.Start.AddMinutes(12).AddSeconds(-1);
        Assert.Equal("none", (await harness.RunAsync(PredictorReply.Forecast(25, 2))).Field("action"));
        harness.Clock.Now = ScalerHarness.Start.AddMinutes(12).AddSeconds(1);
        var released = await harness.RunAsync(PredictorReply.Forecast(25, 2));
        Assert.Equal(2, harness.Replicas);
        Assert.Equal("scale-down", released.Field("action"));
        Assert.Equal([2, 2, 2], harness.History().Select(r => r.Replicas));
    }

    [Theory]
    [InlineData(8, 40, 10)]  // far above the maximum: clamped to MAX_REPLICAS
    [InlineData(3, 0, 1)]    // a forecast of zero pods: never below MIN_REPLICAS
    [InlineData(14, 12, 10)] // found above the maximum: brought back at once, whatever the step
    public async Task Replicas_never_leave_the_bounds(int current, int recommended, int expected)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: current);
        harness.Environment[ScalerCatalogue.ScaleDownStabilization.Env] = "0s";
        var outcome = await harness.RunAsync(PredictorReply.Forecast(50, recommended));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(expected, harness.Replicas);
    }

    [Fact]
    public async Task Min_replicas_of_zero_allows_scaling_to_zero()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 1);
        harness.Environment[RecommendationCatalogue.MinReplicas.Env] = "0";
        harness.Environment[ScalerCatalogue.ScaleDownStabilization.Env] = "0s";
        await harness.RunAsync(PredictorReply.Forecast(5, 0));
        Assert.Equal(0, harness.Replicas);
        // The Deployment states a zero count (autoscaling/v1's Scale would omit it); the next run reads it as 0.
        var next = await harness.RunAsync(PredictorReply.Forecast(5, 0));
        Assert.Equal(("0", "none"), (next.Field("current_replicas"), next.Field("action")));
    }

    [Theory]
    [InlineData(2, 10, 5)] // up by at most MAX_SCALE_UP_STEP=3
    [InlineData(9, 1, 7)]  // down by at most MAX_SCALE_DOWN_STEP=2
    public async Task Each_run_moves_at_most_one_step(int current, int recommended, int expected)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: current);
        harness.Environment[ScalerCatalogue.MaxScaleUpStep.Env] = "3";
        harness.Environment[ScalerCatalogue.MaxScaleDownStep.Env] = "2";
        harness.Environment[ScalerCatalogue.ScaleDownStabilization.Env] = "0s";
        var outcome = await harness.RunAsync(PredictorReply.Forecast(50, recommended));
        Assert.Equal(expected, harness.Replicas);
        Assert.Contains("step limited", outcome.Field("reason"));
    }

    [Fact]
    public async Task A_conflict_is_answered_by_reading_again_and_deciding_on_the_new_count()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Environment[ScalerCatalogue.MaxScaleUpStep.Env] = "3";
        // Someone else scales to 4 just before each of the first two patches lands.
        harness.Kubernetes.InterleaveWrites(count: 2, replicas: 4);
        var outcome = await harness.RunAsync(PredictorReply.Forecast(90, 9));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("2", outcome.Field("conflicts_retried"));
        Assert.Equal("4", outcome.Field("current_replicas"));
        Assert.Equal(7, harness.Replicas); // 4 + one step of 3, decided on the count that was really there
        Assert.Equal(3, harness.ScalePatches.Count());
    }

    [Fact]
    public async Task Endless_conflicts_end_the_run_with_a_failure_after_a_bounded_number_of_tries()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Kubernetes.InterleaveWrites(count: 100, replicas: 3);
        var outcome = await harness.RunAsync(PredictorReply.Forecast(90, 9));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(ScaleRun.MaxScaleConflictRetries + 1, harness.ScalePatches.Count());
        Assert.Contains("conflicts (409)", outcome.Field("message"));
        // No decision Event, but the failure is told on the Deployment as kubectl describe shows it.
        var failure = Assert.Single(harness.Kubernetes.Events);
        Assert.Equal(("Warning", DecisionRecord.FailedReason), ((string?)failure["type"], (string?)failure["reason"]));
        Assert.Contains("conflicts (409)", (string?)failure["message"]);
        Assert.Contains("left unchanged", (string?)failure["message"]);
    }

    [Fact]
    public async Task Dry_run_decides_and_records_but_changes_no_replica_count()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Environment[ScalerCatalogue.DryRun.Env] = "true";
        var outcome = await harness.RunAsync(PredictorReply.Forecast(62.3, 5));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(2, harness.Replicas);
        Assert.Empty(harness.ScalePatches);
        Assert.Equal(("True", "False", "5", "scale-up"), (outcome.Field("dry_run"), outcome.Field("scaled"), outcome.Field("desired_replicas"), outcome.Field("action")));
        Assert.StartsWith("dry run: would scale web from 2 to 5 replicas", harness.StateEntry(ScalerStateKeys.LastDecision, dryRun: true));
        // A dry run keeps its own history; the real one does not exist yet.
        Assert.Equal([5], harness.History(dryRun: true).Select(r => r.Replicas));
        Assert.DoesNotContain(DecisionRecord.HistoryKeyFor(App, dryRun: false), harness.State.Keys);
        var @event = Assert.Single(harness.Kubernetes.Events);
        Assert.Equal(DecisionRecord.SkippedReason, (string?)@event["reason"]);
        Assert.Contains("would scale web from 2 to 5", (string?)@event["message"]);
    }

    [Fact]
    public async Task An_equal_count_is_not_patched_but_still_recorded()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 4);
        var outcome = await harness.RunAsync(PredictorReply.Forecast(45, 4));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(harness.ScalePatches);
        Assert.Equal("none", outcome.Field("action"));
        Assert.StartsWith("keep web at 4 replicas", harness.StateEntry(ScalerStateKeys.LastDecision));
        Assert.Equal(DecisionRecord.SkippedReason, (string?)Assert.Single(harness.Kubernetes.Events)["reason"]);
    }

    [Fact]
    public async Task An_unreadable_history_holds_scale_downs_instead_of_lifting_them()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 6,
            state: new Dictionary<string, string> { [DecisionRecord.HistoryKeyFor(App, dryRun: false)] = "edited by hand" });
        var outcome = await harness.RunAsync(PredictorReply.Forecast(10, 1));
        Assert.Equal(6, harness.Replicas);
        Assert.Contains("unreadable", outcome.Field("warning"));
        Assert.Equal([6, 1], harness.History().Select(r => r.Replicas));
    }

    [Fact]
    public async Task Predictor_unreachable_fails_the_run_and_touches_nothing()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 3);
        var closedPort = System.Net.Sockets.TcpListener.Create(0);
        closedPort.Start();
        var port = ((System.Net.IPEndPoint)closedPort.LocalEndpoint).Port;
        closedPort.Stop();
        harness.Environment[ScalerCatalogue.PredictorUrl.Env] = $"http://127.0.0.1:{port}/predict";

        var outcome = await harness.RunAsync();
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(("error", "predictor"), (outcome.Field("level"), outcome.Field("cause")));
        Assert.Contains($"cannot reach predictor at http://127.0.0.1:{port}/predict", outcome.Field("message"));
        Assert.Empty(harness.Kubernetes.Requests);
    }

    [Fact]
    public async Task A_transient_predictor_error_is_retried_within_the_budget()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Predictor.Reply = n => n == 0 ? new PredictorReply(503, "warming up") : PredictorReply.Forecast(60, 4);
        var outcome = await harness.RunAsync();
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(2, harness.Predictor.Queries.Count);
        Assert.Equal(4, harness.Replicas);
    }

    [Fact]
    public async Task A_hung_predictor_fails_the_run_within_the_timeout_naming_the_setting()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Environment[ScalerCatalogue.PredictorTimeout.Env] = "1";
        var started = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await harness.RunAsync(new PredictorReply(200, "{}", Delay: TimeSpan.FromSeconds(30)));
        Assert.Equal(1, outcome.ExitCode);
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains("did not answer within 1s (CURL_TIMEOUT", outcome.Field("message"));
        Assert.Empty(harness.Kubernetes.Requests);
    }

    [Theory]
    [InlineData(200, "<html>oops</html>", "not a /predict answer")]
    [InlineData(200, """{"predicted_cpu": 62.3, "recommended_replicas": 7""", "not a /predict answer")]
    [InlineData(200, """[62.3, 7]""", "could not be converted to LabA.Domain.Predict.PredictorAnswer")]
    [InlineData(200, "null", "answered null")]
    [InlineData(400, """{"title": "hour must be 0-23"}""", "answered 400 Bad Request")]
    public async Task An_unusable_predictor_answer_fails_the_run_naming_the_cause(int status, string body, string cause) =>
        await AssertRefused(new PredictorReply(status, body), cause);

    [Theory]
    [InlineData("predicted_cpu", "-4", "predicted_cpu: -4 is outside the loads the Predictor serves")]
    [InlineData("predicted_cpu", "1e308", "predicted_cpu: 1E+308 is outside the loads the Predictor serves (0 to 1e9, finite)")]
    [InlineData("recommended_replicas", "-1", "recommended_replicas -1, out of range")]
    [InlineData("recommended_replicas", "2147483647", "recommended_replicas 2147483647, out of range (must be 0 to 1000)")]
    [InlineData("recommended_replicas", "2.5", "Path: $.recommended_replicas")]
    [InlineData("predicted_cpu", "\"high\"", "Path: $.predicted_cpu")]
    [InlineData("timestamp", "\"14:35\"", "'14:35' is not an ISO-8601 instant")]
    [InlineData("recommended_replicas", null, "missing required properties including: 'recommended_replicas'")]
    public async Task An_answer_with_a_field_out_of_contract_fails_the_run_naming_the_field(string field, string? json, string cause) =>
        await AssertRefused(PredictorReply.WithField(field, json), cause);

    private static async Task AssertRefused(PredictorReply reply, string cause)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 3);
        var outcome = await harness.RunAsync(reply);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(cause, outcome.Field("message"));
        Assert.Contains("web left unchanged", outcome.Field("message"));
        Assert.Single(harness.Predictor.Queries); // a client error or a bad body is not retried
        Assert.Empty(harness.Kubernetes.Requests);
        Assert.Equal(3, harness.Replicas);
    }

    [Theory]
    [InlineData("get", "configmaps", false)]
    [InlineData("patch", "configmaps", false)]
    [InlineData("get", "deployments", false)]
    [InlineData("patch", "deployments/scale", false)]
    [InlineData("create", "events", true)] // refused only after the count changed
    public async Task An_RBAC_refusal_names_the_verb_and_the_resource_and_whether_anything_changed(string verb, string resource, bool scaled)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Kubernetes.Forbidden[(verb, resource)] = true;
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(scaled ? ScalerExitCodes.ScaledButRecordingFailed : ScalerExitCodes.FailedUnchanged, outcome.ExitCode);
        Assert.Equal(scaled ? 6 : 2, harness.Replicas);
        Assert.Equal(("kubernetes", scaled.ToString()), (outcome.Last("cause"), outcome.Last("scaled")));
        Assert.Contains($"refused '{verb}' on {resource}", outcome.Last("message"));
        Assert.Contains("403", outcome.Last("message"));
        Assert.Contains(scaled ? "scaled web from 2 to 6 replicas, but then failed" : "web left unchanged", outcome.Last("message"));
    }

    [Theory]
    [InlineData(503, "answered 503")]
    [InlineData(200, "predicted_cpu: -4")]
    public async Task A_password_in_PREDICTOR_URL_never_reaches_the_log_line(int status, string cause)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 3);
        var url = new UriBuilder(harness.Predictor.Url) { UserName = "scaler", Password = "hunter2" }.Uri;
        harness.Environment[ScalerCatalogue.PredictorUrl.Env] = url.AbsoluteUri;
        var reply = status == 200 ? PredictorReply.WithField("predicted_cpu", "-4") : new PredictorReply(status, "unavailable");

        var outcome = await harness.RunAsync(reply);

        Assert.Equal(ScalerExitCodes.FailedUnchanged, outcome.ExitCode);
        var message = outcome.Field("message");
        Assert.Contains(cause, message);
        Assert.Contains("http://***@127.0.0.1", message);
        Assert.DoesNotContain("hunter2", string.Join('\n', outcome.Log));
    }

    [Fact]
    public async Task A_missing_deployment_is_named()
    {
        await using var harness = await ScalerHarness.StartAsync();
        harness.Environment[ScalerCatalogue.TargetDeployment.Env] = "checkout";
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"Deployment 'checkout' not found in namespace '{Ns}'", outcome.Field("message"));
        Assert.Empty(harness.Kubernetes.Events);
    }

    [Fact]
    public async Task A_server_that_is_not_an_API_server_is_one_clear_error()
    {
        await using var harness = await ScalerHarness.StartAsync();
        harness.Kubernetes.NotAnApiServerPage = "<html><body>Welcome to nginx!</body></html>";
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("answered 'get' on configmaps with a body that is not Kubernetes JSON", outcome.Field("message"));
    }

    [Fact]
    public async Task A_hung_API_server_fails_the_run_instead_of_outliving_the_Job()
    {
        await using var harness = await ScalerHarness.StartAsync();
        harness.Kubernetes.ResponseDelay = TimeSpan.FromSeconds(30);
        harness.KubernetesCallTimeout = TimeSpan.FromSeconds(1);
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("the Kubernetes API did not answer 'get' on configmaps in time", outcome.Field("message"));
    }
}
