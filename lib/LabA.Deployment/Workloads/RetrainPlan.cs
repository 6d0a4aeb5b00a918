namespace LabA.Deployment.Workloads;

/// <summary>The learning loop in the cluster: the retrain CronJob and the RBAC of its own ServiceAccount.</summary>
public sealed record RetrainPlan(RbacSpec Rbac, CronJobPlan CronJob);
