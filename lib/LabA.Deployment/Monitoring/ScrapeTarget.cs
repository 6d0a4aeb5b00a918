namespace LabA.Deployment.Monitoring;

/// <summary>One static scrape job: a Service's cluster DNS name and port, read at <c>/metrics</c>.</summary>
public sealed record ScrapeTarget(string Job, string Host, int Port)
{
    public string Address => $"{Host}:{Port}";
}
