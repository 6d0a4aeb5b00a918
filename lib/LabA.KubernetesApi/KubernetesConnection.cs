using k8s;
using k8s.Exceptions;
using LabA.Domain.Wiring;

namespace LabA.KubernetesApi;

/// <summary>
/// How a job reaches the API server: in a pod, its service account (token under /var/run/secrets); elsewhere
/// $KUBECONFIG or ~/.kube/config. The client's own default would quietly fall back to http://localhost:8080 when there
/// is neither, so that is refused here.
/// </summary>
public static class KubernetesConnection
{
    private const string KubeconfigVariable = "KUBECONFIG";

    /// <summary>Throws <see cref="KubernetesConnectionException"/> when there is neither a service account nor a usable kubeconfig.</summary>
    public static KubernetesClientConfiguration Configuration()
    {
        KubernetesClientConfiguration config;
        try
        {
            if (KubernetesClientConfiguration.IsInCluster()) config = KubernetesClientConfiguration.InClusterConfig();
            else if (Environment.GetEnvironmentVariable(KubeconfigVariable) is { Length: > 0 } || File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation))
                config = KubernetesClientConfiguration.BuildDefaultConfig();
            else
                throw new KubeConfigException($"${KubeconfigVariable} is unset and {KubernetesClientConfiguration.KubeConfigDefaultLocation} does not exist");
        }
        catch (Exception e) when (e is KubeConfigException or IOException)
        {
            throw new KubernetesConnectionException($"no in-cluster service account and no usable kubeconfig: {e.Message}", e);
        }
        // The client waits 100 s by default; a hung API server must fail the call well inside the job's budget.
        config.HttpClientTimeout = Defaults.KubernetesCallTimeout;
        return config;
    }
}
