using k8s;
using k8s.Exceptions;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Scaler.Decisions;
using LabA.Scaler.Forecasts;

namespace LabA.Scaler;

/// <summary>The default command: read the settings, connect, make one decision. Exit 0 done, 1 failed, 2 bad settings.</summary>
public static class ScalerApp
{
    public const int Failed = 1;
    public const int InvalidSettings = 2;
    private const string KubeconfigVariable = "KUBECONFIG";
    public static readonly TimeSpan KubernetesCallTimeout = TimeSpan.FromSeconds(15);

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
            return InvalidSettings;
        }

        KubernetesClientConfiguration config;
        try
        {
            config = ConnectionConfig();
        }
        catch (Exception e) when (e is KubeConfigException or IOException)
        {
            RunLog.Error(log, TimeProvider.System.GetUtcNow(), "kubernetes", $"no in-cluster service account and no usable kubeconfig: {e.Message}");
            return Failed;
        }

        // The client waits 100 s by default; a hung API server must fail the run well inside the Job's deadline.
        config.HttpClientTimeout = KubernetesCallTimeout;
        using var kubernetes = new Kubernetes(config);
        using var predictor = new PredictorClient(settings.PredictorUrl, settings.PredictorTimeout);
        return await new ScaleRun(settings, kubernetes, predictor, TimeProvider.System, log).ExecuteAsync(cancellationToken);
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
