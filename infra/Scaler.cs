using LabA.Deployment.Workloads;
using Pulumi;
using static LabA.Infra.PodTemplates;

namespace LabA.Infra;

/// <summary>
/// The Scaler: its ServiceAccount, a Role scoped to the one target Deployment (or the listed workloads of the stack's
/// namespace) and the one state ConfigMap, the binding, a Role and binding in each other namespace of listed workloads,
/// the state ConfigMap itself (created empty; its data is the Scaler's), and the CronJob.
/// </summary>
public sealed class Scaler : ComponentResource
{
    public Scaler(string name, WorkloadPlan plan, ComponentResourceOptions options)
        : base("lab-a:index:Scaler", name, options)
    {
        var spec = plan.Scaler;
        var binding = RbacObjects.Create(name, plan.ScalerRbac, plan.Namespace, spec.Labels, this);
        var grants = (plan.WorkloadRbac ?? []).Select(grant => RbacObjects.Grant(name, grant, spec.Labels, this, binding)).ToList();
        var state = new Pulumi.Kubernetes.Core.V1.ConfigMap($"{name}-state", ConfigMapFor(plan.ScalerState, plan.Namespace), new CustomResourceOptions
        {
            Parent = this,
            // The Scaler rewrites the data every run: a later `pulumi up` must neither reset nor replace it (a change
            // to a ConfigMap's data would make Pulumi replace it, history and all).
            IgnoreChanges = plan.ScalerState.DataOwnedByApp ? ["data", "binaryData"] : [],
        });
        // Its first run must be allowed everything it is to do, in every namespace of the list.
        var cronJobOptions = new CustomResourceOptions { Parent = this, DependsOn = { binding, state } };
        foreach (var grant in grants) cronJobOptions.DependsOn.Add(grant);
        new Pulumi.Kubernetes.Batch.V1.CronJob(name, CronJobFor(spec, plan.Namespace), cronJobOptions);
        RegisterOutputs();
    }
}
