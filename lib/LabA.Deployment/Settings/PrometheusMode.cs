namespace LabA.Deployment.Settings;

/// <summary>Where the Scaler observes the load: a Prometheus the stack installs, one that exists already, or none (the open loop).</summary>
public enum PrometheusMode
{
    Install,
    Existing,
    Off,
}
