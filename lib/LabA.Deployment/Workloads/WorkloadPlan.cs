using LabA.Deployment.Monitoring;

namespace LabA.Deployment.Workloads;

/// <summary>Every Kubernetes object of the lab, as plain data the Pulumi program maps one to one onto typed resources.</summary>
/// <param name="SampleApp">The demo's target; null with <c>lab-a:workloads</c>, whose workloads are the user's own.</param>
/// <param name="LoadSource">The demo's synthetic demand; null with <c>lab-a:workloads</c>, whose demand is in the user's Prometheus.</param>
/// <param name="ScalerRbac">The Scaler's account and its Role in the stack's namespace (the state, Events, and the workloads listed there).</param>
/// <param name="Retrain">The retrain CronJob and its RBAC; null with <c>lab-a:retrainSchedule off</c> or <c>lab-a:prometheus off</c>.</param>
/// <param name="Prometheus">The chart the stack installs; null when the Scaler uses an existing Prometheus or none.</param>
/// <param name="Egress">Where the Scaler's, the retrain job's and the predictor's pods may connect (see <see cref="NetworkPolicies"/>).</param>
/// <param name="PrometheusCredentials">The existing Prometheus' password or token; null without <c>lab-a:prometheusAuth</c>.</param>
/// <param name="WorkloadsList">The <c>lab-a-workloads</c> ConfigMap the Scaler and the retrain job read the list from; null for the demo.</param>
/// <param name="WorkloadRbac">The Scaler's Roles in the other namespaces of listed workloads, one each; empty for the demo.</param>
public sealed record WorkloadPlan(
    string Namespace,
    ServiceDeploymentPlan? SampleApp,
    ServiceDeploymentPlan Predictor,
    ServiceDeploymentPlan? LoadSource,
    RbacSpec ScalerRbac,
    ConfigMapPlan ScalerState,
    CronJobPlan Scaler,
    RetrainPlan? Retrain,
    PrometheusChartPlan? Prometheus,
    IReadOnlyList<EgressPolicy> Egress,
    SecretPlan? PrometheusCredentials = null,
    ConfigMapPlan? WorkloadsList = null,
    IReadOnlyList<NamespaceRbac>? WorkloadRbac = null)
{
    public IReadOnlyList<ServiceDeploymentPlan> Services => [.. new[] { SampleApp, Predictor, LoadSource }.OfType<ServiceDeploymentPlan>()];

    /// <summary>Every Role of the Scaler, the stack namespace's first, with the namespace it is in.</summary>
    public IEnumerable<NamespaceRbac> ScalerRoles => [new(Namespace, Namespace, ScalerRbac), .. WorkloadRbac ?? []];

    /// <summary>The pods LabA's own objects define (the chart's server pod is set in its values).</summary>
    public IEnumerable<PodPlan> Pods => [.. Services.Select(service => service.Pod), .. CronJobs.Select(cronJob => cronJob.Pod)];

    public IEnumerable<CronJobPlan> CronJobs => Retrain is { } retrain ? [Scaler, retrain.CronJob] : [Scaler];
}
