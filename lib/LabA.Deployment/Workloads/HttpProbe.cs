namespace LabA.Deployment.Workloads;

public sealed record HttpProbe(string Path, int Port, int InitialDelaySeconds, int PeriodSeconds, int TimeoutSeconds, int FailureThreshold);
