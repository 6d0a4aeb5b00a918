using System.CommandLine;
using k8s;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;
using LabA.Forecasting;
using LabA.KubernetesApi;
using LabA.Trainer.Retraining;

namespace LabA.Trainer.Commands;

/// <summary>
/// <c>retrain</c>: the learning loop's job. Reads the workload's history from Prometheus (PROMETHEUS_URL and LOAD_QUERY,
/// the Scaler's, unless --prometheus and --query say otherwise), trains a challenger, and publishes it into the model
/// store only when it beats the serving champion by the margin and every baseline on the most recent hold-out slice.
/// With a workload list (--workloads, default WORKLOADS_FILE) it does so for each model of the list, into each model's
/// own store (<see cref="WorkloadsRetrain"/>).
/// </summary>
public static class RetrainCommand
{
    public static Command Create()
    {
        var input = new SeriesOptions("CSV with a timestamp and a value column, in place of Prometheus", defaultData: null);
        input.Prometheus.DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ScalerCatalogue.PrometheusUrl.Env) is { Length: > 0 } url ? url : null;
        input.Prometheus.Description += $" (default: ${ScalerCatalogue.PrometheusUrl.Env})";
        // As the Scaler: LOAD_QUERY, else the load source's gauge for TARGET_DEPLOYMENT.
        input.Query.DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ScalerCatalogue.LoadQuery.Env) is { Length: > 0 } query
            ? query
            : Names.LoadSourceQuery(Environment.GetEnvironmentVariable(ScalerCatalogue.TargetDeployment.Env) is { Length: > 0 } target ? target : ScalerCatalogue.TargetDeployment.Default);
        input.Query.Description += $" (default: ${ScalerCatalogue.LoadQuery.Env}, else {Names.LoadSourceQuery("$" + ScalerCatalogue.TargetDeployment.Env)})";
        input.Range.DefaultValueFactory = _ => Defaults.RetrainRange;

        var publish = new Option<string?>(ModelStoreAddress.Option)
        {
            Description = $"The model store, NAMESPACE/NAME of its ConfigMap (e.g. {Defaults.Namespace}/{Names.ModelStore}): " +
                "the champion is read from it and a promoted challenger written into it. Without it nothing is published " +
                $"(with --workloads: NAMESPACE/{Names.ModelStore} names the namespace of the models' stores, which are published into either way)",
        };
        var margin = new Option<double>("--margin")
        {
            Description = "How much lower than the champion's the challenger's hold-out MAE must be (0.02: 2 %)",
            DefaultValueFactory = _ => Defaults.PromotionMargin,
        };
        var trainer = TrainerOption.Create("The challenger's trainer, as train takes it: auto (the default) chooses among every candidate on a " +
            "validation slice before the hold-out, so a baseline or Holt-Winters may challenge an ML.NET champion; or name one");
        var features = new Option<string?>("--features") { Description = "calendar or recent (default: the champion's, else calendar)" };
        features.AcceptOnlyFromAmong([.. FeatureSpec.FeatureSetNames]);
        var horizon = new Option<string?>("--horizon") { Description = "How far ahead to forecast (default: the champion's, else the default for the series' step)" };
        var rollingWindow = new Option<string>("--rolling-window")
        {
            Description = "Window of the rolling mean (feature and baseline)",
            DefaultValueFactory = _ => Durations.Format(FeatureSpec.DefaultRollingWindow),
        };
        var holdout = new Option<double>("--holdout")
        {
            Description = "Share of the history, at its end, on which challenger, champion and baselines are scored",
            DefaultValueFactory = _ => Defaults.RetrainHoldout,
        };
        var output = new Option<string?>("--out")
        {
            Description = "Also write the challenger (model.zip, model.json with its promotion record) into this directory, promoted or not (with --workloads: DIR/<model>)",
        };
        var workloadsFile = new Option<string?>("--workloads")
        {
            Description = $"Workloads mode: the workload list (JSON); each model is retrained on its first workload's query and published into " +
                $"NAMESPACE/{Names.ModelStoreOf("<model>")}, NAMESPACE being --publish's (which then names {Names.ModelStore}), else ${ScalerCatalogue.TargetNamespace.Env}, " +
                $"else {Defaults.Namespace} (default: ${ScalerCatalogue.WorkloadsFile.Env})",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ScalerCatalogue.WorkloadsFile.Env) is { Length: > 0 } path ? path : null,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "With --workloads: decide every model against no champion and publish nothing" };

        var command = new Command("retrain", "Retrain on the workload's own history and promote the challenger only if it beats the serving model and every baseline")
        {
            publish, margin, trainer, features, horizon, rollingWindow, holdout, output, workloadsFile, dryRun,
        };
        input.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var marginValue = parse.GetValue(margin);
            if (marginValue is < 0 or >= 1) throw new SettingsException("--margin", $"{marginValue} must be at least 0 and below 1 (0.02 is 2 %)");
            var holdoutValue = parse.GetValue(holdout);
            if (holdoutValue is <= 0 or >= 1) throw new SettingsException("--holdout", $"{holdoutValue} must be between 0 and 1");
            var listPath = parse.GetValue(workloadsFile);
            if (listPath is not null) CheckWorkloadsMode(parse, input);
            else if (parse.GetValue(dryRun)) throw new SettingsException("--dry-run", "only applies with --workloads (without it, leaving out --publish is the dry run)");
            var settings = new RetrainSettings
            {
                Source = input.Source(parse),
                Store = parse.GetValue(publish) is { } address ? ModelStoreAddress.Parse(address) : null,
                Challenge = new ChallengeSettings
                {
                    Margin = marginValue,
                    Trainer = parse.GetValue(trainer)!,
                    FeatureSet = parse.GetValue(features),
                    Horizon = parse.GetValue(horizon) is { } text ? Cli.Duration("--horizon", text) : null,
                    RollingWindow = Cli.Duration("--rolling-window", parse.GetValue(rollingWindow)!),
                    HoldoutFraction = holdoutValue,
                },
                OutDirectory = parse.GetValue(output),
            };
            if (listPath is not null) return RetrainWorkloads(settings, listPath, publish: !parse.GetValue(dryRun));
            try
            {
                using var kubernetes = settings.Store is null ? null : new Kubernetes(KubernetesConnection.Configuration());
                var store = kubernetes is null ? null : new ModelStore(kubernetes, settings.Store!);
                new RetrainJob(settings, store, Console.Out, TimeProvider.System).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
                return Cli.Ok;
            }
            catch (KubernetesConnectionException e)
            {
                Console.Error.WriteLine($"error: {ModelStoreAddress.Option} needs the Kubernetes API: {e.Message}");
                return Cli.Failed;
            }
            catch (Exception e) when (e is ModelStoreException or KubernetesCallException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Cli.Failed;
            }
        }));
        return command;
    }

    /// <summary>Workloads mode takes each model's query from the list and its history from Prometheus; options that say otherwise are refused.</summary>
    private static void CheckWorkloadsMode(ParseResult parse, SeriesOptions input)
    {
        if (parse.GetResult(input.Query) is { Implicit: false })
            throw new SettingsException("--query", "does not apply with --workloads: each model learns from its workloads' query in the list");
        if (parse.GetValue(input.Data) is not null)
            throw new SettingsException("--data", "does not apply with --workloads: each model's history is read from Prometheus");
        if (parse.GetValue(input.Prometheus) is null)
            throw new SettingsException("--prometheus", $"is required with --workloads (or ${ScalerCatalogue.PrometheusUrl.Env}): each model's history is read from Prometheus");
    }

    /// <summary>
    /// Every model of the list, one after another, each published into its store unless <paramref name="publish"/> is
    /// false: the list is the stack's, so its stores are the ones to publish into. The stack namespace (of the workloads
    /// without one, and of the stores) is --publish's, else TARGET_NAMESPACE's, else the default. Exit code 1 when any model failed.
    /// </summary>
    private static int RetrainWorkloads(RetrainSettings settings, string listPath, bool publish)
    {
        if (settings.Store is { } single && single.Name != Names.ModelStore)
            throw new SettingsException(ModelStoreAddress.Option,
                $"'{single.Namespace}/{single.Name}': with --workloads each model publishes into {Names.ModelStoreOf("<model>")}; give NAMESPACE/{Names.ModelStore}");
        var stackNamespace = settings.Store?.Namespace ?? ScalerCatalogue.TargetNamespace.Read(EnvReader.FromProcess());
        var workloads = WorkloadList.ReadFile(listPath, stackNamespace);
        if (workloads.Count == 0) throw new SettingsException("--workloads", $"'{listPath}' lists no workloads: there is no model to retrain");
        try
        {
            using var kubernetes = publish ? new Kubernetes(KubernetesConnection.Configuration()) : null;
            var job = new WorkloadsRetrain(workloads, settings, publish ? stackNamespace : null, kubernetes, Console.Out, TimeProvider.System);
            var summary = job.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
            return summary.Failed > 0 ? Cli.Failed : Cli.Ok;
        }
        catch (KubernetesConnectionException e)
        {
            Console.Error.WriteLine($"error: --workloads publishes through the Kubernetes API (--dry-run publishes nothing): {e.Message}");
            return Cli.Failed;
        }
    }
}
