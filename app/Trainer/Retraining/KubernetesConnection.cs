using k8s;
using k8s.Exceptions;
using LabA.Domain.Wiring;

namespace LabA.Trainer.Retraining;

/// <summary>How the retrain job reaches the API server: as the Scaler does, in-cluster in a pod, else $KUBECONFIG or ~/.kube/config.</summary>
public static class KubernetesConnection
{
    private const string KubeconfigVariable = "KUBECONFIG";

    /// <summary>Throws <see cref="ModelStoreException"/> when there is neither a service account nor a kubeconfig.</summary>
    public static Kubernetes Create()
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
            throw new ModelStoreException($"{ModelStoreAddress.Option} needs the Kubernetes API: no in-cluster service account and no usable kubeconfig: {e.Message}");
        }
        // The client's own default (100 s) would let one hung call eat the job's time.
        config.HttpClientTimeout = Defaults.KubernetesCallTimeout;
        return new Kubernetes(config);
    }
}
