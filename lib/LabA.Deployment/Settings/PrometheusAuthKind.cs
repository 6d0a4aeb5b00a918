namespace LabA.Deployment.Settings;

/// <summary>How an existing Prometheus is asked: HTTP basic auth, or a bearer token.</summary>
public enum PrometheusAuthKind
{
    Basic,
    Bearer,
}
