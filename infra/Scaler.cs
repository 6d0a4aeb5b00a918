using LabA.Deployment.Workloads;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Batch.V1;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Pulumi.Kubernetes.Types.Inputs.Rbac.V1;
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
        var rbac = plan.ScalerRbac;
        var spec = plan.Scaler;
        var child = new CustomResourceOptions { Parent = this };
        var serviceAccount = new Pulumi.Kubernetes.Core.V1.ServiceAccount($"{name}-sa", new ServiceAccountArgs
        {
            Metadata = Metadata(rbac.ServiceAccount, plan.Namespace, spec.Labels),
        }, child);
        var role = new Pulumi.Kubernetes.Rbac.V1.Role($"{name}-role", new RoleArgs
        {
            Metadata = Metadata(rbac.Role, plan.Namespace, spec.Labels),
            Rules = rbac.Rules.Select(PolicyRule).ToList(),
        }, child);
        var binding = new Pulumi.Kubernetes.Rbac.V1.RoleBinding($"{name}-rolebinding", new RoleBindingArgs
        {
            Metadata = Metadata(rbac.RoleBinding, plan.Namespace, spec.Labels),
            RoleRef = new RoleRefArgs { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = rbac.Role },
            Subjects = { new SubjectArgs { Kind = "ServiceAccount", Name = rbac.ServiceAccount, Namespace = plan.Namespace } },
        }, new CustomResourceOptions { Parent = this, DependsOn = { serviceAccount, role } });
        var state = new Pulumi.Kubernetes.Core.V1.ConfigMap($"{name}-state", ConfigMapFor(plan.ScalerState, plan.Namespace), new CustomResourceOptions
        {
            Parent = this,
            // The Scaler rewrites the data every run: a later `pulumi up` must neither reset nor replace it (a change
            // to a ConfigMap's data would make Pulumi replace it, history and all).
            IgnoreChanges = plan.ScalerState.DataOwnedByApp ? ["data", "binaryData"] : [],
        });
        new Pulumi.Kubernetes.Batch.V1.CronJob(name, new CronJobArgs
        {
            Metadata = Metadata(spec.Name, plan.Namespace, spec.Labels),
            Spec = new CronJobSpecArgs
            {
                Schedule = spec.Schedule,
                ConcurrencyPolicy = spec.ConcurrencyPolicy,
                SuccessfulJobsHistoryLimit = spec.SuccessfulJobsHistoryLimit,
                FailedJobsHistoryLimit = spec.FailedJobsHistoryLimit,
                StartingDeadlineSeconds = spec.StartingDeadlineSeconds,
                JobTemplate = new JobTemplateSpecArgs
                {
                    Metadata = new ObjectMetaArgs { Labels = Map(spec.Labels) },
                    Spec = new JobSpecArgs
                    {
                        ActiveDeadlineSeconds = spec.ActiveDeadlineSeconds,
                        BackoffLimit = spec.BackoffLimit,
                        Template = new PodTemplateSpecArgs
                        {
                            Metadata = new ObjectMetaArgs { Labels = Map(spec.Pod.Labels) },
                            Spec = PodSpec(spec.Pod, spec.RestartPolicy),
                        },
                    },
                },
            },
        }, new CustomResourceOptions { Parent = this, DependsOn = { binding, state } });
        RegisterOutputs();
    }

    private static PolicyRuleArgs PolicyRule(PolicyRuleSpec rule)
    {
        var args = new PolicyRuleArgs { ApiGroups = rule.ApiGroups.ToList(), Resources = rule.Resources.ToList(), Verbs = rule.Verbs.ToList() };
        if (rule.ResourceNames is { } names) args.ResourceNames = names.ToList();
        return args;
    }
}
