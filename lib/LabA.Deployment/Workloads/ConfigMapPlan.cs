namespace LabA.Deployment.Workloads;

/// <summary>A ConfigMap the program creates; <see cref="Data"/> is file name to content.</summary>
/// <param name="DataOwnedByApp">An app writes the data after creation; the program creates it once and then leaves it alone.</param>
public sealed record ConfigMapPlan(
    string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Data, bool DataOwnedByApp = false);
