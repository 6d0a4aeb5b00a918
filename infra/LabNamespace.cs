using LabA.Deployment.Cluster;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using static LabA.Infra.PodTemplates;

namespace LabA.Infra;

/// <summary>
/// The lab's namespace, labelled so the API server enforces the Pod Security "restricted" profile. The built-in
/// "default" namespace is labelled with a server-side patch (and left in place on destroy); any other is created.
/// </summary>
public sealed class LabNamespace : ComponentResource
{
    public LabNamespace(string name, string ns, ComponentResourceOptions options)
        : base("lab-a:index:Namespace", name, options)
    {
        var child = new CustomResourceOptions { Parent = this };
        if (NamespacePolicy.IsBuiltIn(ns))
            new Pulumi.Kubernetes.Core.V1.NamespacePatch(name, new NamespacePatchArgs
            {
                Metadata = new ObjectMetaPatchArgs { Name = ns, Labels = Map(NamespacePolicy.RestrictedLabels) },
            }, child);
        else
            new Pulumi.Kubernetes.Core.V1.Namespace(name, new NamespaceArgs
            {
                Metadata = new ObjectMetaArgs { Name = ns, Labels = Map(NamespacePolicy.RestrictedLabels) },
            }, child);
        RegisterOutputs();
    }
}
