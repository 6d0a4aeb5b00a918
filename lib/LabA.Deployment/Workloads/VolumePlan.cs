namespace LabA.Deployment.Workloads;

/// <summary>A writable or configured directory in an otherwise read-only container: an emptyDir, or a ConfigMap when <see cref="ConfigMap"/> is set.</summary>
public sealed record VolumePlan(string Name, string MountPath, string? ConfigMap = null);
