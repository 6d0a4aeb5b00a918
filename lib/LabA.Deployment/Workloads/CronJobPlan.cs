namespace LabA.Deployment.Workloads;

public sealed record CronJobPlan(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string Schedule,
    string ConcurrencyPolicy,
    int SuccessfulJobsHistoryLimit,
    int FailedJobsHistoryLimit,
    int StartingDeadlineSeconds,
    int ActiveDeadlineSeconds,
    int BackoffLimit,
    string RestartPolicy,
    PodPlan Pod);
