namespace LabA.Deployment.Workloads;

public sealed record ComputeResources(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit);
