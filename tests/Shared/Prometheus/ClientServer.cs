namespace LabA.Tests.Shared;

/// <summary>
/// A server with one series that misses samples, the same load scraped 10 s into each step instead of at its first
/// instant, and one metric with two series, for the client tests and the Trainer's import tests.
/// </summary>
public sealed class ClientServer : IDisposable
{
    public static readonly DateTimeOffset Start = new(2024, 5, 6, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(5);
    /// <summary>Indices of the samples the "load" series misses: one gap of two samples.</summary>
    public static readonly int[] Missed = [100, 101];

    public ClientServer()
    {
        var load = Enumerable.Range(0, 2016).Where(i => !Missed.Contains(i)).Select(i => (Start + Step * i, 50 + 20 * Math.Sin(i / 40.0))).ToArray();
        Server = new PrometheusServer(new Dictionary<string, IReadOnlyList<(DateTimeOffset, double)>>
        {
            ["load{job=\"lab\"}"] = load,
            ["scraped{job=\"lab\"}"] = [.. load.Select(sample => (sample.Item1 + TimeSpan.FromSeconds(10), sample.Item2))],
            ["pair{instance=\"a\"}"] = load[..50],
            ["pair{instance=\"b\"}"] = load[..50],
        });
    }

    public PrometheusServer Server { get; }

    public void Dispose() => Server.Dispose();
}
