using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Scaler.Tests;

/// <summary>The Scaler under exactly the Role the stack grants it, as the API server's authorizer would apply it.</summary>
public class RoleTests
{
    private static readonly WorkloadPlan Plan = LabWorkloads.Plan(StackSettings.Bind(key => key == "namespace" ? "lab" : null),
        new LabImageReferences("predictor:test", "scaler:test", "trainer:test"));

    private static async Task<ScalerHarness> UnderRoleAsync(int replicas, Func<PolicyRuleSpec, bool>? keep = null)
    {
        var target = Plan.Scaler.Pod.Container.Env.Single(v => v.Key == ScalerCatalogue.TargetDeployment.Env).Value;
        var harness = await ScalerHarness.StartAsync(replicas, @namespace: Plan.Namespace, deployment: target);
        harness.Kubernetes.Role = Plan.ScalerRbac.Rules.Where(keep ?? (_ => true))
            .Select(rule => new RbacRule(rule.ApiGroups, rule.Resources, rule.Verbs, rule.ResourceNames))
            .ToList();
        return harness;
    }

    [Fact]
    public async Task The_stacks_role_is_enough_to_scale_to_hold_and_to_record()
    {
        await using var harness = await UnderRoleAsync(replicas: 2);

        var up = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        harness.Clock.Now = ScalerHarness.Start.AddMinutes(2);
        var held = await harness.RunAsync(PredictorReply.Forecast(20, 1));

        Assert.Equal((ScalerExitCodes.Done, "scale-up"), (up.ExitCode, up.Field("action")));
        Assert.Equal((ScalerExitCodes.Done, "none"), (held.ExitCode, held.Field("action")));
        Assert.Equal(6, harness.Replicas);
        Assert.Equal(2, harness.Kubernetes.Events.Count);
        Assert.Equal([6, 1], harness.History().Select(r => r.Replicas));
    }

    [Fact]
    public async Task Without_the_state_rule_the_run_is_refused_before_it_scales()
    {
        // The simulation is real: take one rule away and the API answers 403, naming it.
        await using var harness = await UnderRoleAsync(replicas: 2, keep: rule => !rule.Resources.Contains("configmaps"));
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(ScalerExitCodes.FailedUnchanged, outcome.ExitCode);
        Assert.Contains("refused 'get' on configmaps", outcome.Field("message"));
        Assert.Equal(2, harness.Replicas);
    }

    [Fact]
    public async Task The_role_names_its_one_target_so_another_deployment_is_refused()
    {
        await using var harness = await UnderRoleAsync(replicas: 2);
        harness.Kubernetes.AddDeployment(Plan.Namespace, "checkout", 2);
        harness.Environment[ScalerCatalogue.TargetDeployment.Env] = "checkout";
        var outcome = await harness.RunAsync(PredictorReply.Forecast(80, 6));
        Assert.Equal(ScalerExitCodes.FailedUnchanged, outcome.ExitCode);
        Assert.Contains("refused 'get' on deployments for Deployment 'checkout'", outcome.Field("message"));
    }
}
