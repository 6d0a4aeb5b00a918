using LabA.Deployment.Monitoring;

namespace LabA.Deployment.Workloads;

/// <summary>Every Kubernetes object of the lab, as plain data the Pulumi program maps one to one onto typed resources.</summary>
/// <param name="Prometheus">The chart the stack installs; null when the Scaler uses an existing Prometheus or none.</param>
public sealed record WorkloadPlan(
    string Namespace,
    ServiceDeploymentPlan SampleApp,
    ServiceDeploymentPlan Predictor,
    ServiceDeploymentPlan LoadSource,
    RbacSpec ScalerRbac,
    ConfigMapPlan ScalerState,
    CronJobPlan Scaler,
    PrometheusChartPlan? Prometheus)
{
    public IReadOnlyList<ServiceDeploymentPlan> Services => [SampleApp, Predictor, LoadSource];

    /// <summary>The pods LabA's own objects define (the chart's server pod is set in its values).</summary>
    public IEnumerable<PodPlan> Pods => [.. Services.Select(service => service.Pod), Scaler.Pod];
}
