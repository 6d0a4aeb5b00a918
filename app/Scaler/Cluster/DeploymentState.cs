namespace LabA.Scaler.Cluster;

/// <summary>The Deployment as one run sees it: its replica count, the version that count was read at, and its uid (for Events).</summary>
internal sealed record DeploymentState(int Replicas, string ResourceVersion, string? Uid);
