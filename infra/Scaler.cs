using LabA.Deployment.Workloads;
using Pulumi;
using static LabA.Infra.PodTemplates;

namespace LabA.Infra;

/// <summary>
/// The Scaler: its ServiceAccount, a Role scoped to the one target Deployment and the one state ConfigMap, the
/// binding, the state ConfigMap itself (created empty; its data is the Scaler's), and the CronJob.
/// </summary>
public sealed class Scaler : ComponentResource
{
    public Scaler(string name, WorkloadPlan plan, ComponentResourceOptions options)
        : base("lab-a:index:Scaler", name, options)
    {
        var spec = plan.Scaler;
        var binding = RbacObjects.Create(name, plan.ScalerRbac, plan.Namespace, spec.Labels, this);
        var state = new Pulumi.Kubernetes.Core.V1.ConfigMap($"{name}-state", ConfigMapFor(plan.ScalerState, plan.Namespace), new CustomResourceOptions
        {
            Parent = this,
            // The Scaler rewrites the data every run: a later `pulumi up` must neither reset nor replace it (a change
            // to a ConfigMap's data would make Pulumi replace it, history and all).
            IgnoreChanges = plan.ScalerState.DataOwnedByApp ? ["data", "binaryData"] : [],
        });
        new Pulumi.Kubernetes.Batch.V1.CronJob(name, CronJobFor(spec, plan.Namespace), new CustomResourceOptions { Parent = this, DependsOn = { binding, state } });
        RegisterOutputs();
    }
}
