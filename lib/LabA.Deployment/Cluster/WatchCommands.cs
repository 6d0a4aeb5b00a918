using LabA.Deployment.Settings;

namespace LabA.Deployment.Cluster;

/// <summary>Commands that show the lab working, with the context named so they never act on another cluster.</summary>
public static class WatchCommands
{
    public static IReadOnlyDictionary<string, string> For(StackSettings settings)
    {
        // Without a configured context (an existing cluster on kubectl's current one), kubectl picks the same one the stack used.
        var context = settings.KubeContext is { } name ? $"--context {name} " : "";
        var kubectl = $"kubectl {context}--namespace {settings.Namespace}";
        // With workloads, the first one listed stands for them all (each in its own namespace), and its model's store.
        var first = settings.Workloads.FirstOrDefault();
        var inTarget = first is null ? kubectl : $"kubectl {context}--namespace {first.Namespace}";
        var target = first is null ? $"{kubectl} get deployment {Domain.Wiring.Names.SampleApp}" : $"{inTarget} get {first.Kind.ToString().ToLowerInvariant()} {first.Name}";
        var targetEvents = $"{inTarget} get events";
        var store = first is null ? Domain.Wiring.Names.ModelStore : Domain.Wiring.Names.ModelStoreOf(first.Model);
        return new Dictionary<string, string>
        {
            ["replicas"] = $"{target} -w",
            ["latestScalerRun"] =
                $"{kubectl} logs job/$({kubectl} get jobs -l {Domain.Wiring.Labels.App}={Domain.Wiring.Names.Scaler} --sort-by=.metadata.creationTimestamp " +
                $"-o jsonpath='{{.items[-1:].metadata.name}}')",
            ["scalerEvents"] = $"{targetEvents} --field-selector involvedObject.name={first?.Name ?? Domain.Wiring.Names.SampleApp} -w",
            ["predictor"] = $"{kubectl} port-forward service/{Domain.Wiring.Names.Predictor} 8080:{Domain.Wiring.Defaults.PredictorServicePort}",
            // The retrain job records each decision (promoted, kept, skipped) as an Event on the model store.
            ["modelEvents"] = $"{kubectl} get events --field-selector involvedObject.name={store} -w",
        };
    }
}
