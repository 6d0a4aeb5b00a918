using LabA.Domain.Series;

namespace LabA.Prometheus.Tests;

/// <summary>A server with one series that misses samples and one metric with two series, for the client tests.</summary>
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
            ["pair{instance=\"a\"}"] = load[..50],
            ["pair{instance=\"b\"}"] = load[..50],
        });
    }

    public PrometheusServer Server { get; }

    public void Dispose() => Server.Dispose();
}

public class PrometheusClientTests(ClientServer fixture) : IClassFixture<ClientServer>
{
    private static readonly DateTimeOffset End = ClientServer.Start + ClientServer.Step * 2015;

    private Task<LoadSeries> Load(string query, TimeSpan? step = null, string? url = null) =>
        PrometheusSeries.LoadAsync(url ?? fixture.Server.Url, query, TimeSpan.FromDays(7), step ?? ClientServer.Step, End, new ImportOptions(), CancellationToken.None);

    [Fact]
    public async Task A_range_query_is_imported_with_its_missed_samples_filled_and_its_source_recorded()
    {
        var series = await Load("load");
        Assert.Equal(ClientServer.Start, series.Start);
        Assert.Equal(End, series.End);
        Assert.Equal(2016, series.Count);
        Assert.Equal(ClientServer.Missed, Enumerable.Range(0, series.Count).Where(series.IsFilled));
        Assert.Equal(50 + 20 * Math.Sin(99 / 40.0), series.Observations[99].Value, 9);
        Assert.Equal("load", series.ValueName);
        Assert.Equal(new PrometheusQuery(fixture.Server.Url, "load", End - TimeSpan.FromDays(7), End, ClientServer.Step), series.Query);
    }

    [Fact]
    public async Task A_range_longer_than_the_points_per_series_limit_is_asked_in_chunks_and_joined()
    {
        var start = ClientServer.Start;
        var end = start + TimeSpan.FromMinutes(1) * 25_000;
        Assert.Equal(3, PrometheusClient.Chunks(start, end, TimeSpan.FromMinutes(1)).Count);
        using var client = new PrometheusClient(ServerAddress.Parse(fixture.Server.Url));
        var series = Assert.Single(await client.QueryRangeAsync("vector(1)", start, end, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(25_001, series.Samples.Count);
        Assert.Equal(Enumerable.Range(0, 25_001).Select(i => start.AddMinutes(i)), series.Samples.Select(sample => sample.Timestamp));
    }

    [Theory]
    [InlineData("sum((", "refused the query (bad_data): 1:6: parse error: unclosed left parenthesis")]
    [InlineData("no_such_metric", "query no_such_metric: no data between")]
    [InlineData("pair", "query pair: 2 series ({__name__=\"pair\", instance=\"a\"}, {__name__=\"pair\", instance=\"b\"}); the load must be one series")]
    public async Task A_query_that_is_not_one_series_is_one_line_naming_the_problem(string query, string expected)
    {
        var error = await Assert.ThrowsAsync<PrometheusException>(() => Load(query));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Credentials_in_the_url_are_sent_but_never_shown()
    {
        var url = fixture.Server.Url.Replace("http://", "http://reader:s3cret@");
        var series = await Load("load", url: url);
        Assert.Equal(fixture.Server.Url, series.Query!.Url);
        Assert.DoesNotContain("s3cret", series.Source);
        Assert.Equal("Basic", ServerAddress.Parse(url).Authorization!.Scheme);
    }

    [Fact]
    public async Task An_unreachable_server_is_one_line_after_the_retries()
    {
        var error = await Assert.ThrowsAsync<PrometheusException>(() => Load("load", url: "http://127.0.0.1:1"));
        Assert.StartsWith($"cannot reach Prometheus at http://127.0.0.1:1 after {PrometheusClient.MaxAttempts} attempts", error.Message);
    }

    [Fact]
    public async Task With_a_budget_a_hung_server_fails_the_query_within_it_naming_the_budget()
    {
        // Accepts connections and never answers: a Prometheus that hangs.
        using var hung = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        hung.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)hung.LocalEndpoint).Port}";
        using var client = new PrometheusClient(ServerAddress.Parse(url), budget: TimeSpan.FromSeconds(1));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<PrometheusException>(() =>
            client.QueryRangeAsync("load", ClientServer.Start, ClientServer.Start + ClientServer.Step, ClientServer.Step, CancellationToken.None));
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Equal($"Prometheus at {url} did not answer within 1s, retries included", error.Message);
    }
}
