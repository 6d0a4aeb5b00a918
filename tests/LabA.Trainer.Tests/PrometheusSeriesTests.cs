using LabA.Forecasting.Series;
using LabA.Prometheus;

namespace LabA.Trainer.Tests;

/// <summary>The Trainer's Prometheus source: one range query imported by the same rules as a CSV.</summary>
[Trait("Category", "Prometheus")]
public class PrometheusSeriesTests(ClientServer fixture) : IClassFixture<ClientServer>
{
    private static readonly DateTimeOffset End = ClientServer.Start + ClientServer.Step * 2015;

    private Task<LoadSeries> Load(string query, string? url = null) =>
        PrometheusSeries.LoadAsync(url ?? fixture.Server.Url, query, TimeSpan.FromDays(7), ClientServer.Step, End, new ImportOptions(), CancellationToken.None);

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
    public async Task Each_step_is_the_load_scraped_in_it_not_the_one_before_as_the_Scaler_reads_it()
    {
        // Scraped at 00:00:10, 00:05:10, ...: the grid instant 00:05 still holds the 00:00 step's scrape; 00:05:15 holds its own.
        var series = await Load("scraped");
        Assert.Equal(ClientServer.Start, series.Start);
        Assert.Equal(End, series.End);
        foreach (var i in new[] { 0, 1, 99, 102, 2015 })
            Assert.Equal(50 + 20 * Math.Sin(i / 40.0), series.Observations[i].Value, 9);
    }

    [Theory]
    [InlineData("no_such_metric", "query no_such_metric: no data between")]
    [InlineData("pair", "query pair: 2 series ({__name__=\"pair\", instance=\"a\"}, {__name__=\"pair\", instance=\"b\"}); the load must be one series")]
    public async Task A_query_that_is_not_one_series_is_one_line_naming_the_problem(string query, string expected)
    {
        var error = await Assert.ThrowsAsync<PrometheusException>(() => Load(query));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Credentials_in_the_url_are_used_but_never_recorded()
    {
        var url = fixture.Server.Url.Replace("http://", "http://reader:s3cret@");
        var series = await Load("load", url: url);
        Assert.Equal(fixture.Server.Url, series.Query!.Url);
        Assert.DoesNotContain("s3cret", series.Source);
    }
}
