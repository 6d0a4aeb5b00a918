using LabA.Deployment.Workloads;
using Pulumi;
using static LabA.Infra.PodTemplates;

namespace LabA.Infra;

/// <summary>
/// The learning loop: the retrain CronJob, its ServiceAccount, and a Role that reaches only the model store and Events.
/// The model store itself belongs to the Predictor's component, which mounts it and exists first.
/// </summary>
public sealed class Retrainer : ComponentResource
{
    public Retrainer(string name, RetrainPlan plan, string ns, ComponentResourceOptions options)
        : base("lab-a:index:Retrainer", name, options)
    {
        var binding = RbacObjects.Create(name, plan.Rbac, ns, plan.CronJob.Labels, this);
        new Pulumi.Kubernetes.Batch.V1.CronJob(name, CronJobFor(plan.CronJob, ns), new CustomResourceOptions { Parent = this, DependsOn = { binding } });
        RegisterOutputs();
    }
}
