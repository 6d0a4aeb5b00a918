using k8s;
using k8s.Exceptions;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Scaler.Decisions;
using LabA.Scaler.Forecasts;

namespace LabA.Scaler;

/// <summary>The default command: read the settings, connect, make one decision. Exit codes: <see cref="ScalerExitCodes"/>.</summary>
public static class ScalerApp
{
    private const string KubeconfigVariable = "KUBECONFIG";

    public static async Task<int> RunOnceAsync(EnvReader environment, TextWriter log, CancellationToken cancellationToken)
    {
        ScalerSettings settings;
        try
        {
            settings = ScalerSettings.FromEnvironment(environment);
        }
        catch (SettingsException e)
        {
            RunLog.Error(log, TimeProvider.System.GetUtcNow(), "settings", e.Message);
            return ScalerExitCodes.InvalidSettings;
        }

        KubernetesClientConfiguration config;
        try
        {
            config = ConnectionConfig();
        }
        catch (Exception e) when (e is KubeConfigException or IOException)
        {
            RunLog.Error(log, TimeProvider.System.GetUtcNow(), "kubernetes", $"no in-cluster service account and no usable kubeconfig: {e.Message}");
            return ScalerExitCodes.FailedUnchanged;
        }

        // The client waits 100 s by default; a hung API server must fail the call well inside the run's budget.
        config.HttpClientTimeout = Defaults.KubernetesCallTimeout;
        using var kubernetes = new Kubernetes(config);
        using var predictor = new PredictorClient(settings.PredictorUrl, settings.PredictorTimeout);
        using var source = new RecommendationSource(settings, predictor);
        return await new ScaleRun(settings, kubernetes, source, TimeProvider.System, log).ExecuteAsync(cancellationToken);
    }

    /// <summary>
    /// In a pod, the service account (token under /var/run/secrets); elsewhere $KUBECONFIG or ~/.kube/config.
    /// The client's own default would quietly fall back to http://localhost:8080 when there is neither.
    /// </summary>
    private static KubernetesClientConfiguration ConnectionConfig()
    {
        if (KubernetesClientConfiguration.IsInCluster()) return KubernetesClientConfiguration.InClusterConfig();
        if (Environment.GetEnvironmentVariable(KubeconfigVariable) is { Length: > 0 } || File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation))
            return KubernetesClientConfiguration.BuildDefaultConfig();
        throw new KubeConfigException($"${KubeconfigVariable} is unset and {KubernetesClientConfiguration.KubeConfigDefaultLocation} does not exist");
    }
}
