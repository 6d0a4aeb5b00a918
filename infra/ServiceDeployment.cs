using LabA.Deployment.Workloads;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Apps.V1;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Pulumi.Kubernetes.Types.Inputs.Networking.V1;
using static LabA.Infra.PodTemplates;

namespace LabA.Infra;

/// <summary>
/// One service of the lab, as pulumi/examples' guestbook has it: a Deployment, its ClusterIP Service, the
/// NetworkPolicy that says who reaches its pods, and the ConfigMaps they mount. The sample app, the predictor and the
/// load source are each one of these.
/// </summary>
public sealed class ServiceDeployment : ComponentResource
{
    public ServiceDeployment(string name, ServiceDeploymentPlan plan, string ns, ComponentResourceOptions options)
        : base("lab-a:index:ServiceDeployment", name, options)
    {
        var deploymentOptions = new CustomResourceOptions
        {
            Parent = this,
            // The Scaler owns the count once the Deployment exists: a later `pulumi up` neither resets its work
            // nor conflicts with its field manager.
            IgnoreChanges = plan.ReplicasOwnedByScaler ? ["spec.replicas"] : [],
        };
        foreach (var config in plan.ConfigMaps)
            deploymentOptions.DependsOn.Add(new Pulumi.Kubernetes.Core.V1.ConfigMap(config.Name, ConfigMapFor(config, ns), new CustomResourceOptions
            {
                Parent = this,
                // An app writes it after creation (the retrain job publishes models into the store): a later `pulumi up`
                // must neither reset nor replace it.
                IgnoreChanges = config.DataOwnedByApp ? ["data", "binaryData"] : [],
            }));

        new Pulumi.Kubernetes.Apps.V1.Deployment(name, new DeploymentArgs
        {
            Metadata = Metadata(plan.Name, ns, plan.Labels),
            Spec = new DeploymentSpecArgs
            {
                Replicas = plan.Replicas,
                Selector = new LabelSelectorArgs { MatchLabels = Map(plan.Selector) },
                Template = PodTemplate(plan.Pod),
            },
        }, deploymentOptions);

        new Pulumi.Kubernetes.Core.V1.Service(name, new ServiceArgs
        {
            Metadata = Metadata(plan.Name, ns, plan.Labels),
            Spec = new ServiceSpecArgs
            {
                Type = plan.ServiceType,
                Selector = Map(plan.Selector),
                Ports = { new ServicePortArgs { Name = "http", Port = plan.ServicePort, TargetPort = plan.TargetPort } },
            },
        }, new CustomResourceOptions { Parent = this });

        new Pulumi.Kubernetes.Networking.V1.NetworkPolicy(name, new NetworkPolicyArgs
        {
            Metadata = Metadata(plan.Name, ns, plan.Labels),
            Spec = new NetworkPolicySpecArgs
            {
                PodSelector = new LabelSelectorArgs { MatchLabels = Map(plan.Selector) },
                PolicyTypes = plan.Ingress.PolicyTypes.ToList(),
                // A closed policy has no rule at all: it admits nothing but the kubelet's probes.
                Ingress = plan.Ingress.Closed
                    ? new InputList<NetworkPolicyIngressRuleArgs>()
                    : new InputList<NetworkPolicyIngressRuleArgs> { IngressRule(plan.Ingress, plan.TargetPort) },
            },
        }, new CustomResourceOptions { Parent = this });
        RegisterOutputs();
    }

    private static NetworkPolicyIngressRuleArgs IngressRule(IngressPolicy policy, int port)
    {
        var rule = new NetworkPolicyIngressRuleArgs { Ports = { new NetworkPolicyPortArgs { Protocol = "TCP", Port = port } } };
        // No "from" at all lets in every source; an empty list would let in none.
        if (policy.From.Count > 0) rule.From = policy.From.Select(Peer).ToList();
        return rule;
    }

    private static NetworkPolicyPeerArgs Peer(IngressPeer peer)
    {
        var args = new NetworkPolicyPeerArgs { PodSelector = new LabelSelectorArgs { MatchLabels = Map(peer.PodLabels) } };
        // Without a namespace selector, only the policy's own namespace.
        if (peer.Namespace is { } ns) args.NamespaceSelector = NamespaceNamed(ns);
        return args;
    }
}
