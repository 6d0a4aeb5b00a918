namespace LabA.Deployment.Settings;

/// <summary>Where the lab runs: a kind cluster the stack creates and deletes, or a cluster that exists already.</summary>
public enum ClusterMode
{
    Kind,
    Existing,
}
