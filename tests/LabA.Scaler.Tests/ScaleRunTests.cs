using System.Web;
using LabA.Domain.Scaling;
using LabA.Domain.Wiring;
using LabA.Scaler.Decisions;
using LabA.Scaler.Tests.StandIns;

namespace LabA.Scaler.Tests;

public class ScaleRunTests
{
    private const string Ns = ScalerHarness.Namespace;
    private const string App = ScalerHarness.Deployment;

    [Fact]
    public async Task Scale_up_asks_for_the_ready_time_and_records_the_decision_three_ways()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        var outcome = await harness.RunAsync(PredictorReply.Forecast(62.3, 5));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(5, harness.Replicas);

        // The question: pods started now are ready after the horizon; the answer must hold until the next run (*/2).
        var query = HttpUtility.ParseQueryString(Assert.Single(harness.Predictor.Queries));
        Assert.Equal((ScalerHarness.Start + Defaults.Horizon).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), query["at"]);
        Assert.Equal("2", query["window"]);

        Assert.Equal(("scale-up", "2", "5", "True"), (outcome.Field("action"), outcome.Field("current_replicas"), outcome.Field("desired_replicas"), outcome.Field("scaled")));
        Assert.Equal("62.3", harness.Annotations[Annotations.LastPredictedCpu]);
        Assert.Equal("5", harness.Annotations[Annotations.LastRecommendation]);
        Assert.StartsWith("scaled web from 2 to 5 replicas", harness.Annotations[Annotations.LastDecision]);
        Assert.Equal("2025-06-01T14:30:00.0000000Z", harness.Annotations[Annotations.LastDecisionTime]);
        var @event = Assert.Single(harness.Kubernetes.Events);
        Assert.Equal((DecisionRecord.ScaledReason, "Deployment", App), ((string?)@event["reason"], (string?)@event["involvedObject"]!["kind"], (string?)@event["involvedObject"]!["name"]));
        Assert.Contains("from 2 to 5", (string?)@event["message"]);

        // Annotations go on the Deployment's own metadata and nowhere else: touching the pod template would roll out pods.
        var annotationPatch = Assert.Single(harness.Kubernetes.DeploymentPatches);
        Assert.Equal(["metadata"], annotationPatch.Select(p => p.Key));
        Assert.Equal(["annotations"], annotationPatch["metadata"]!.AsObject().Select(p => p.Key));

        // Only the calls the Role allows: get/patch on the Deployment and its scale, create on events.
        Assert.All(harness.Kubernetes.Requests, r => Assert.Matches(
            $"^(GET|PATCH) /apis/apps/v1/namespaces/{Ns}/deployments/{App}(/scale)?$|^POST /api/v1/namespaces/{Ns}/events$", r));
    }

    [Fact]
    public async Task Scale_down_is_held_inside_the_stabilization_window_and_proceeds_after_it()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 6);
        harness.Environment[EnvVars.MaxScaleDownStep] = "10";

        Assert.Equal(0, (await harness.RunAsync(PredictorReply.Forecast(70, 6))).ExitCode);
        harness.Clock.Now = ScalerHarness.Start.AddMinutes(2);
        var held = await harness.RunAsync(PredictorReply.Forecast(25, 2));
        Assert.Equal(6, harness.Replicas);
        Assert.Equal("none", held.Field("action"));
        Assert.Contains("stabilization", held.Field("reason"));
        Assert.Equal(DecisionRecord.SkippedReason, (string?)harness.Kubernetes.Events.Last()["reason"]);
        Assert.Empty(harness.ScalePatches);

        // The 6 was made for the load until 7 minutes after it was asked (5-minute horizon + 2-minute window); five minutes
        // after that it leaves the window. Still there a second before, gone a second after: the state came from the annotation.
        harness.Clock.Now = ScalerHarness.Start.AddMinutes(12).AddSeconds(-1);
        Assert.Equal("none", (await harness.RunAsync(PredictorReply.Forecast(25, 2))).Field("action"));
        harness.Clock.Now = ScalerHarness.Start.AddMinutes(12).AddSeconds(1);
        var released = await harness.RunAsync(PredictorReply.Forecast(25, 2));
        Assert.Equal(2, harness.Replicas);
        Assert.Equal("scale-down", released.Field("action"));
        var kept = RecommendationHistory.TryParse(harness.Annotations[Annotations.Recommendations])!;
        Assert.Equal([2, 2, 2], kept.Select(r => r.Replicas));
    }

    [Theory]
    [InlineData(8, 40, 10)]  // far above the maximum: clamped to MAX_REPLICAS
    [InlineData(3, 0, 1)]    // a forecast of zero pods: never below MIN_REPLICAS
    [InlineData(14, 12, 10)] // found above the maximum: brought back at once, whatever the step
    public async Task Replicas_never_leave_the_bounds(int current, int recommended, int expected)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: current);
        harness.Environment[EnvVars.ScaleDownStabilization] = "0s";
        var outcome = await harness.RunAsync(PredictorReply.Forecast(50, recommended));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(expected, harness.Replicas);
    }

    [Fact]
    public async Task Min_replicas_of_zero_allows_scaling_to_zero()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 1);
        harness.Environment[EnvVars.MinReplicas] = "0";
        harness.Environment[EnvVars.ScaleDownStabilization] = "0s";
        await harness.RunAsync(PredictorReply.Forecast(5, 0));
        Assert.Equal(0, harness.Replicas);
        // The stand-in, like the API server, omits a zero count from the scale subresource; the next run reads it as 0.
        var next = await harness.RunAsync(PredictorReply.Forecast(5, 0));
        Assert.Equal(("0", "none"), (next.Field("current_replicas"), next.Field("action")));
    }

    [Theory]
    [InlineData(2, 10, 5)] // up by at most MAX_SCALE_UP_STEP=3
    [InlineData(9, 1, 7)]  // down by at most MAX_SCALE_DOWN_STEP=2
    public async Task Each_run_moves_at_most_one_step(int current, int recommended, int expected)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: current);
        harness.Environment[EnvVars.MaxScaleUpStep] = "3";
        harness.Environment[EnvVars.MaxScaleDownStep] = "2";
        harness.Environment[EnvVars.ScaleDownStabilization] = "0s";
        var outcome = await harness.RunAsync(PredictorReply.Forecast(50, recommended));
        Assert.Equal(expected, harness.Replicas);
        Assert.Contains("step limited", outcome.Field("reason"));
    }

    [Fact]
    public async Task A_conflict_is_answered_by_reading_again_and_deciding_on_the_new_count()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Environment[EnvVars.MaxScaleUpStep] = "3";
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
        Assert.Equal(ScaleRun.MaxConflictRetries + 1, harness.ScalePatches.Count());
        Assert.Contains("conflicts (409)", outcome.Field("message"));
        Assert.Empty(harness.Kubernetes.Events);
    }

    [Fact]
    public async Task Dry_run_decides_and_records_but_changes_no_replica_count()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Environment[EnvVars.DryRun] = "true";
        var outcome = await harness.RunAsync(PredictorReply.Forecast(62.3, 5));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(2, harness.Replicas);
        Assert.Empty(harness.ScalePatches);
        Assert.Equal(("True", "False", "5", "scale-up"), (outcome.Field("dry_run"), outcome.Field("scaled"), outcome.Field("desired_replicas"), outcome.Field("action")));
        Assert.StartsWith("dry run: would scale web from 2 to 5 replicas", harness.Annotations[Annotations.LastDecision]);
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
        Assert.StartsWith("kept web at 4 replicas", harness.Annotations[Annotations.LastDecision]);
        Assert.Equal(DecisionRecord.SkippedReason, (string?)Assert.Single(harness.Kubernetes.Events)["reason"]);
    }

    [Fact]
    public async Task An_unreadable_history_annotation_holds_scale_downs_instead_of_lifting_them()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 6,
            annotations: new Dictionary<string, string> { [Annotations.Recommendations] = "edited by hand" });
        var outcome = await harness.RunAsync(PredictorReply.Forecast(10, 1));
        Assert.Equal(6, harness.Replicas);
        Assert.Contains("unreadable", outcome.Field("warning"));
        Assert.Equal([6, 1], RecommendationHistory.TryParse(harness.Annotations[Annotations.Recommendations])!.Select(r => r.Replicas));
    }

    [Fact]
    public async Task Predictor_unreachable_fails_the_run_and_touches_nothing()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 3);
        var closedPort = System.Net.Sockets.TcpListener.Create(0);
        closedPort.Start();
        var port = ((System.Net.IPEndPoint)closedPort.LocalEndpoint).Port;
        closedPort.Stop();
        harness.Environment[EnvVars.PredictorUrl] = $"http://127.0.0.1:{port}/predict";

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
        harness.Environment[EnvVars.PredictorTimeout] = "1";
        var started = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await harness.RunAsync(new PredictorReply(200, "{}", Delay: TimeSpan.FromSeconds(30)));
        Assert.Equal(1, outcome.ExitCode);
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains("did not answer within 1s (CURL_TIMEOUT", outcome.Field("message"));
        Assert.Empty(harness.Kubernetes.Requests);
    }

    [Theory]
    [InlineData(200, "<html>oops</html>", "malformed JSON")]
    [InlineData(200, """{"predicted_cpu": 62.3, "recommended_replicas": 7""", "malformed JSON")]
    [InlineData(200, """[62.3, 7]""", "not an object")]
    [InlineData(200, """{"predicted_cpu": -4, "recommended_replicas": 1}""", "predicted_cpu -4, out of range")]
    [InlineData(200, """{"predicted_cpu": 50, "recommended_replicas": -1}""", "recommended_replicas -1, out of range")]
    [InlineData(200, """{"predicted_cpu": 50, "recommended_replicas": 2.5}""", "no whole-number recommended_replicas")]
    [InlineData(200, """{"predicted_cpu": "high", "recommended_replicas": 3}""", "no numeric predicted_cpu")]
    [InlineData(400, """{"title": "hour must be 0-23"}""", "answered 400 Bad Request")]
    public async Task An_unusable_predictor_answer_fails_the_run_naming_the_cause(int status, string body, string cause)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 3);
        var outcome = await harness.RunAsync(new PredictorReply(status, body));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(cause, outcome.Field("message"));
        Assert.Contains("web left unchanged", outcome.Field("message"));
        Assert.Single(harness.Predictor.Queries); // a client error or a bad body is not retried
        Assert.Empty(harness.Kubernetes.Requests);
        Assert.Equal(3, harness.Replicas);
    }

    [Theory]
    [InlineData("get", "deployments")]
    [InlineData("get", "deployments/scale")]
    [InlineData("patch", "deployments/scale")]
    [InlineData("patch", "deployments")]
    [InlineData("create", "events")]
    public async Task An_RBAC_refusal_names_the_verb_and_the_resource(string verb, string resource)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 2);
        harness.Kubernetes.Forbidden[(verb, resource)] = true;
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(1, outcome.ExitCode);
        var error = outcome.Log[^1];
        Assert.Equal("kubernetes", error.GetProperty("cause").GetString());
        Assert.Contains($"refused '{verb}' on {resource}", error.GetProperty("message").GetString());
        Assert.Contains("403", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_missing_deployment_is_named()
    {
        await using var harness = await ScalerHarness.StartAsync();
        harness.Environment[EnvVars.TargetDeployment] = "checkout";
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
        Assert.Contains("answered 'get' on deployments with a body that is not Kubernetes JSON", outcome.Field("message"));
    }

    [Fact]
    public async Task A_hung_API_server_fails_the_run_instead_of_outliving_the_Job()
    {
        await using var harness = await ScalerHarness.StartAsync();
        harness.Kubernetes.ResponseDelay = TimeSpan.FromSeconds(30);
        harness.KubernetesCallTimeout = TimeSpan.FromSeconds(1);
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("the Kubernetes API did not answer 'get' on deployments in time", outcome.Field("message"));
    }
}
