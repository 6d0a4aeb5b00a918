using LabA.Deployment.Cluster;
using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using Pulumi;

namespace LabA.Infra;

/// <summary>The whole lab: the cluster (kind, or an existing one), the images built for it, and the workloads on it.</summary>
public static class LabStack
{
    public static async Task<IDictionary<string, object?>> DefineAsync(LabStackHost host)
    {
        var config = new Config(StackKeys.Project);
        var settings = ReadSettings(config);

        IClusterConnection cluster;
        Images images;
        if (settings.Existing is { } existing)
        {
            cluster = new ExistingCluster("cluster", settings, config.GetSecret(StackKeys.Kubeconfig));
            images = await Images.PushToRegistryAsync("images", host.Images, existing, config.GetSecret(StackKeys.RegistryPassword), host.DockerConfigPath);
        }
        else
        {
            var kind = new KindCluster("cluster", settings, await ObserveNodeAsync(host.KindNodes, settings));
            cluster = kind;
            images = await Images.LoadIntoKindAsync("images", host.Images, kind.NodeContainer);
        }
        var plan = LabWorkloads.Plan(settings, images.References);

        var labNamespace = new LabNamespace("namespace", plan.Namespace, new ComponentResourceOptions { Providers = { cluster.Provider } });
        ComponentResourceOptions InNamespace(string? formerComponentType = null)
        {
            var options = new ComponentResourceOptions { Providers = { cluster.Provider }, DependsOn = { labNamespace } };
            // The sample app and the predictor had components of their own; the alias keeps their objects in place.
            if (formerComponentType is not null) options.Aliases.Add(new Alias { Type = formerComponentType });
            return options;
        }
        // With lab-a:workloads the targets are the user's own: no sample app, no load source.
        var sampleApp = plan.SampleApp is { } demoTarget
            ? new ServiceDeployment(Names.SampleApp, demoTarget, plan.Namespace, InNamespace("lab-a:index:SampleApp"))
            : null;
        var predictor = new ServiceDeployment(Names.Predictor, plan.Predictor, plan.Namespace, InNamespace("lab-a:index:Predictor"));
        var loadSource = plan.LoadSource is { } demoLoad ? new ServiceDeployment(Names.LoadSource, demoLoad, plan.Namespace, InNamespace()) : null;
        var prometheus = plan.Prometheus is { } chart ? new PrometheusServer(Names.Prometheus, chart, InNamespace()) : null;
        List<Input<Resource>> After(params Resource?[] resources) => [.. resources.OfType<Resource>().Select(resource => (Input<Resource>)resource)];
        foreach (var egress in plan.Egress)
        {
            new Pulumi.Kubernetes.Networking.V1.NetworkPolicy(egress.Name, PodTemplates.EgressPolicyFor(egress, plan.Namespace, LabWorkloads.LabelsOf(Names.Project, "network")),
                new CustomResourceOptions { Provider = cluster.Provider, DependsOn = { labNamespace } });
        }
        var prometheusCredentials = plan.PrometheusCredentials is { } credentials
            ? new Pulumi.Kubernetes.Core.V1.Secret(credentials.Name, PodTemplates.SecretFor(credentials, plan.Namespace, config),
                new CustomResourceOptions { Provider = cluster.Provider, DependsOn = { labNamespace } })
            : null;
        // The list the Scaler and the retrain job read; the stack owns its data, so a change of lab-a:workloads reaches the next run.
        var workloadsList = plan.WorkloadsList is { } list
            ? new Pulumi.Kubernetes.Core.V1.ConfigMap(list.Name, PodTemplates.ConfigMapFor(list, plan.Namespace),
                new CustomResourceOptions { Provider = cluster.Provider, DependsOn = { labNamespace } })
            : null;
        new Scaler("scaler", plan, new ComponentResourceOptions
        {
            Providers = { cluster.Provider },
            // The first run must find its target, the predictor, the load's history, its credentials and the list in place.
            DependsOn = After(labNamespace, sampleApp, predictor, loadSource, prometheus, prometheusCredentials, workloadsList),
        });
        if (plan.Retrain is { } retrain)
        {
            // Its first run must find the model stores (the predictor's), the history's Prometheus and the list in place.
            new Retrainer(Names.Retrain, retrain, plan.Namespace, new ComponentResourceOptions
            {
                Providers = { cluster.Provider },
                DependsOn = After(labNamespace, predictor, prometheus, prometheusCredentials, workloadsList),
            });
        }

        var outputs = new Dictionary<string, object?>
        {
            ["clusterName"] = cluster.ClusterName,
            ["kubeContext"] = settings.Existing is { } target ? target.ClusterName : settings.KubeContext,
            ["kubeconfig"] = cluster.Kubeconfig,
            ["namespace"] = settings.Namespace,
            ["predictorUrl"] = UrlRedaction.Redact(settings.PredictorUrl),
            ["prometheusUrl"] = settings.PrometheusUrl is { } prometheusUrl ? UrlRedaction.Redact(prometheusUrl) : "",
            ["predictorImage"] = images.Predictor,
            ["scalerImage"] = images.Scaler,
            ["trainerImage"] = images.Trainer,
            ["watch"] = WatchCommands.For(settings),
        };
        if (settings.Existing is { } pushedTo) outputs["registry"] = pushedTo.Registry.ToString();
        return outputs;
    }

    /// <summary>Binds and validates the stack config before any resource exists; a bad key stops the run with one line naming it.</summary>
    private static StackSettings ReadSettings(Config config)
    {
        try
        {
            // Secrets are only asked whether they are set; their values stay wrapped as secrets until used. Structured
            // config (lab-a:workloads, set with `pulumi config set --path`) comes from Config.Get as its JSON text.
            return StackSettings.Bind(config.Get, key => config.GetSecret(key) is not null);
        }
        catch (SettingsException e)
        {
            // Some messages already say which pulumi config command fixes them (unset a key, set a secret).
            if (e.Message.Contains("pulumi config ", StringComparison.Ordinal)) throw new RunException($"invalid stack config: {e.Message}");
            throw new RunException($"invalid stack config: {e.Message} (fix it with: pulumi config set {e.Key} <value>)");
        }
    }

    private static async Task<string?> ObserveNodeAsync(IKindNodeObserver nodes, StackSettings settings)
    {
        try
        {
            return await nodes.NodeContainerIdAsync(settings.ControlPlaneContainer, CancellationToken.None);
        }
        catch (DockerOperationException e)
        {
            throw new RunException(e.Message);
        }
    }
}
