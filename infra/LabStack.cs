using LabA.Deployment.Cluster;
using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Settings;
using Pulumi;

namespace LabA.Infra;

/// <summary>The whole lab: the kind cluster, the images loaded into it, and the workloads on it.</summary>
public static class LabStack
{
    public static async Task<IDictionary<string, object?>> DefineAsync(IImagePipeline imagePipeline)
    {
        var settings = ReadSettings();

        var cluster = new KindCluster("cluster", settings);
        var images = await Images.CreateAsync("images", imagePipeline, cluster.NodeContainer);
        var plan = LabWorkloads.Plan(settings, images.Predictor, images.Scaler);

        var workloadOptions = new ComponentResourceOptions { Providers = { cluster.Provider } };
        var labNamespace = new LabNamespace("namespace", plan.Namespace, workloadOptions);
        var dependsOnNamespace = new ComponentResourceOptions { Providers = { cluster.Provider }, DependsOn = { labNamespace } };
        var sampleApp = new SampleApp("sample-app", plan, dependsOnNamespace);
        var predictor = new Predictor("predictor", plan, dependsOnNamespace);
        new Scaler("scaler", plan, new ComponentResourceOptions
        {
            Providers = { cluster.Provider },
            // The first run must find its target and the predictor in place.
            DependsOn = { labNamespace, sampleApp, predictor },
        });

        return new Dictionary<string, object?>
        {
            ["clusterName"] = cluster.ClusterName,
            ["kubeContext"] = settings.KubeContext,
            ["kubeconfig"] = cluster.Kubeconfig,
            ["namespace"] = settings.Namespace,
            ["predictorUrl"] = settings.PredictorUrl.AbsoluteUri,
            ["predictorImage"] = images.Predictor,
            ["scalerImage"] = images.Scaler,
            ["watch"] = WatchCommands.For(settings),
        };
    }

    /// <summary>Binds and validates the stack config before any resource exists; a bad key stops the run with one line naming it.</summary>
    private static StackSettings ReadSettings()
    {
        var config = new Config(StackKeys.Project);
        try
        {
            return StackSettings.Bind(config.Get);
        }
        catch (SettingsException e)
        {
            throw new RunException($"invalid stack config: {e.Message} (fix it with: pulumi config set {e.Key} <value>)");
        }
    }
}
