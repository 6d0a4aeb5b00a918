namespace LabA.Deployment.Workloads;

/// <summary>
/// The Scaler's Role and RoleBinding in a namespace of listed workloads other than the stack's. The binding's subject is
/// the Scaler's ServiceAccount in <see cref="ServiceAccountNamespace"/>, so no account is created here.
/// </summary>
public sealed record NamespaceRbac(string Namespace, string ServiceAccountNamespace, RbacSpec Rbac);
