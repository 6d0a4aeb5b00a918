using LabA.Deployment.Monitoring;

namespace LabA.Deployment.Workloads;

/// <summary>Every Kubernetes object of the lab, as plain data the Pulumi program maps one to one onto typed resources.</summary>
/// <param name="Retrain">The retrain CronJob and its RBAC; null with <c>lab-a:retrainSchedule off</c> or <c>lab-a:prometheus off</c>.</param>
/// <param name="Prometheus">The chart the stack installs; null when the Scaler uses an existing Prometheus or none.</param>
/// <param name="Egress">Where the Scaler's, the retrain job's and the predictor's pods may connect (see <see cref="NetworkPolicies"/>).</param>
/// <param name="PrometheusCredentials">The existing Prometheus' password or token; null without <c>lab-a:prometheusAuth</c>.</param>
public sealed record WorkloadPlan(
    string Namespace,
    ServiceDeploymentPlan SampleApp,
    ServiceDeploymentPlan Predictor,
    ServiceDeploymentPlan LoadSource,
    RbacSpec ScalerRbac,
    ConfigMapPlan ScalerState,
    CronJobPlan Scaler,
    RetrainPlan? Retrain,
    PrometheusChartPlan? Prometheus,
    IReadOnlyList<EgressPolicy> Egress,
    SecretPlan? PrometheusCredentials = null)
{
    public IReadOnlyList<ServiceDeploymentPlan> Services => [SampleApp, Predictor, LoadSource];

    /// <summary>The pods LabA's own objects define (the chart's server pod is set in its values).</summary>
    public IEnumerable<PodPlan> Pods => [.. Services.Select(service => service.Pod), .. CronJobs.Select(cronJob => cronJob.Pod)];

    public IEnumerable<CronJobPlan> CronJobs => Retrain is { } retrain ? [Scaler, retrain.CronJob] : [Scaler];
}
