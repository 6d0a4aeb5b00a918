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
        return new Dictionary<string, string>
        {
            ["replicas"] = $"{kubectl} get deployment {Domain.Wiring.Names.SampleApp} -w",
            ["latestScalerRun"] =
                $"{kubectl} logs job/$({kubectl} get jobs -l {Domain.Wiring.Labels.App}={Domain.Wiring.Names.Scaler} --sort-by=.metadata.creationTimestamp " +
                $"-o jsonpath='{{.items[-1:].metadata.name}}')",
            ["scalerEvents"] = $"{kubectl} get events --field-selector involvedObject.name={Domain.Wiring.Names.SampleApp} -w",
            ["predictor"] = $"{kubectl} port-forward service/{Domain.Wiring.Names.Predictor} 8080:{Domain.Wiring.Defaults.PredictorServicePort}",
            // The retrain job records each decision (promoted, kept, skipped) as an Event on the model store.
            ["modelEvents"] = $"{kubectl} get events --field-selector involvedObject.name={Domain.Wiring.Names.ModelStore} -w",
        };
    }
}
