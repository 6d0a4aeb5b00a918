using k8s;
using LabA.ApiServer.Tests.Fixture;
using LabA.Domain.Wiring;
using LabA.Trainer.Retraining;

namespace LabA.ApiServer.Tests;

/// <summary>
/// The retrain job as its CronJob runs it, against a real API server: the Trainer's build output, authenticated with a
/// TokenRequest token of the retrain ServiceAccount bound to the Role the stack declares for it, publishing into the
/// model store ConfigMap created by server-side apply.
/// </summary>
[Collection("real API server")]
[Trait("Category", "ApiServer")]
public sealed class RetrainTests(ApiServerFixture server)
{
    private static string TrainerAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepositoryRoot.Path, "app", "Trainer", "bin", output.Parent!.Name, output.Name, "labA-trainer.dll");
        Assert.True(File.Exists(path), $"build app/Trainer first: {path} is missing");
        return path;
    }

    private static Task<ProcessResult> TrainerAsync(string? kubeconfig, params string[] arguments) => TestProcess.RunAsync(
        TestProcess.StartInfo(TestProcess.DotnetHost, [TrainerAssembly(), .. arguments],
            kubeconfig is null ? null : new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig }, unset: [TestProcess.KubernetesServiceHost]),
        TimeSpan.FromMinutes(3));

    [Fact]
    public async Task It_publishes_into_the_applied_store_and_a_second_run_gates_against_what_is_stored()
    {
        var stack = await StackObjects.CreateAsync(server, "retrain");
        var modelStore = stack.Plan.Predictor.Config!;
        Assert.Equal(Names.ModelStore, modelStore.Name);
        await stack.ApplyConfigMapAsync(modelStore);
        using var directory = new TestDirectory("labA-retrain-real-");
        var kubeconfig = await stack.GrantAsync(stack.Plan.Retrain!.Rbac, directory.Path);
        var history = Path.Combine(directory.Path, "history.csv");
        var generated = await TrainerAsync(null, "generate", "--days", "14", "--out", history);
        Assert.True(generated.ExitCode == 0, generated.Output + generated.Error);
        string[] retrain = ["retrain", "--data", history, "--trainer", "harmonic-regression", "--publish", $"{stack.Namespace}/{Names.ModelStore}"];

        var first = await TrainerAsync(kubeconfig, retrain);

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.DoesNotContain("403 Forbidden", first.Output + first.Error);
        var published = await server.Admin.CoreV1.ReadNamespacedConfigMapAsync(Names.ModelStore, stack.Namespace);
        Assert.Contains(ModelStoreKeys.Archive, published.BinaryData.Keys);
        Assert.Contains(ModelStoreKeys.Card, published.BinaryData.Keys);
        Assert.Equal(modelStore.Labels, published.Metadata.Labels);
        Assert.Contains(published.Metadata.ManagedFields, entry => entry.Manager == StackObjects.PulumiManager);

        var second = await TrainerAsync(kubeconfig, retrain);

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        var kept = await server.Admin.CoreV1.ReadNamespacedConfigMapAsync(Names.ModelStore, stack.Namespace);
        // The same history trains the same model: it cannot beat the stored champion by the margin, so nothing is written.
        Assert.Equal(published.Metadata.ResourceVersion, kept.Metadata.ResourceVersion);
        var reasons = (await stack.EventsAsync()).Select(e => e.Reason).ToList();
        Assert.Equal([RetrainJob.PromotedReason, RetrainJob.KeptReason], reasons);
    }
}
