using System.Text.Json.Nodes;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Scaler.Tests;

/// <summary>A Deployment read that cannot be trusted (a proxy, a broken API server, a hostile stand-in) changes nothing.</summary>
public class MalformedObjectTests
{
    public static TheoryData<string, Action<JsonObject>, string> Corruptions => new()
    {
        { "no spec", d => d.Remove("spec"), "no spec.replicas" },
        { "no spec.replicas", d => d["spec"]!.AsObject().Remove("replicas"), "no spec.replicas" },
        { "negative replicas", d => d["spec"]!["replicas"] = -3, "spec.replicas -3, which is negative" },
        { "empty resourceVersion", d => d["metadata"]!["resourceVersion"] = "", "no metadata.resourceVersion" },
        { "no resourceVersion", d => d["metadata"]!.AsObject().Remove("resourceVersion"), "no metadata.resourceVersion" },
        { "replicas not a number", d => d["spec"]!["replicas"] = "many", "not Kubernetes JSON" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task A_malformed_deployment_is_refused_and_nothing_is_patched_or_recorded(string what, Action<JsonObject> corrupt, string message)
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 4);
        harness.Environment[ScalerCatalogue.ScaleDownStabilization.Env] = "0s";
        harness.Environment[ScalerCatalogue.MaxScaleDownStep.Env] = "10";
        harness.Kubernetes.CorruptDeploymentReads = corrupt;

        // Read as 0, any of these would have been "scaled" 0 -> 10 past every step limit; a forecast of 1 would not hold it.
        var outcome = await harness.RunAsync(PredictorReply.Forecast(95, 10));

        Assert.True(outcome.ExitCode == ScalerExitCodes.FailedUnchanged, what);
        Assert.Contains(message, outcome.Field("message"));
        Assert.EndsWith("web left unchanged", outcome.Field("message"));
        Assert.Empty(harness.ScalePatches);
        Assert.DoesNotContain(harness.Kubernetes.Requests, r => r.StartsWith("PUT", StringComparison.Ordinal));
        Assert.Empty(harness.Kubernetes.Events);
        Assert.Equal(4, harness.Replicas);
    }
}
