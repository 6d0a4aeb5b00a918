using System.Collections.Specialized;
using System.Globalization;
using System.Net;
using System.Text;
using System.Web;
using LabA.Prometheus;
using LabA.Scaler.Observations;

namespace LabA.Scaler.Tests;

/// <summary>
/// What the Scaler asks Prometheus and how it labels the answer, against a stand-in that evaluates the query at exactly
/// the instants asked (as query_range does) and answers each with the minutes past 09:00 of its instant.
/// </summary>
public class LoadObserverTests
{
    private static readonly DateTimeOffset Nine = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_range_ends_at_the_run_and_each_reading_is_labelled_with_the_step_its_load_belongs_to()
    {
        var (observer, asked) = Observer();
        var now = Nine.AddMinutes(67);

        var observations = await observer.ObserveAsync(now, Step, TimeSpan.FromMinutes(20), CancellationToken.None);

        var query = Assert.Single(asked);
        Assert.Equal(now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), query["end"]);
        Assert.Equal(now.AddMinutes(-20).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), query["start"]);
        // Read at 09:47, 09:52 ... 10:07: each is the load scraped up to 15 s before, in the step holding that instant.
        Assert.Equal([45, 50, 55, 60, 65], observations.Select(o => (int)(o.Timestamp - Nine).TotalMinutes));
        Assert.Equal([47, 52, 57, 62, 67], observations.Select(o => o.Value));
    }

    [Fact]
    public async Task A_run_less_than_a_scrape_interval_into_a_step_has_no_reading_of_it_yet()
    {
        var (observer, _) = Observer();

        var observations = await observer.ObserveAsync(Nine.AddMinutes(65).AddSeconds(10), Step, TimeSpan.FromMinutes(10), CancellationToken.None);

        // 10:05:10 may still carry the 10:04:55 scrape: the newest reading is the 10:00 step's, not the 10:05 one's.
        Assert.Equal([50, 55, 60], observations.Select(o => (int)(o.Timestamp - Nine).TotalMinutes));
    }

    [Fact]
    public async Task A_window_that_is_not_whole_steps_is_widened_to_whole_steps_back_from_the_run()
    {
        var (observer, asked) = Observer();
        var now = Nine.AddMinutes(67);

        await observer.ObserveAsync(now, Step, TimeSpan.FromMinutes(12), CancellationToken.None);

        Assert.Equal(now.AddMinutes(-15).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), Assert.Single(asked)["start"]);
    }

    private static (LoadObserver Observer, List<NameValueCollection> Asked) Observer()
    {
        var asked = new List<NameValueCollection>();
        var prometheus = new PrometheusClient(ServerAddress.Parse("http://prometheus.test:9090"), new Evaluating(asked));
        return (new LoadObserver(prometheus, "load", 1000, "LOAD_QUERY"), asked);
    }

    /// <summary>query_range (a form POST) evaluated at start, start + step, ... up to end, each instant answering its minutes past 09:00.</summary>
    private sealed class Evaluating(List<NameValueCollection> asked) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = HttpUtility.ParseQueryString(await request.Content!.ReadAsStringAsync(cancellationToken));
            asked.Add(query);
            var start = long.Parse(query["start"]!, CultureInfo.InvariantCulture);
            var end = long.Parse(query["end"]!, CultureInfo.InvariantCulture);
            var step = long.Parse(query["step"]!, CultureInfo.InvariantCulture);
            var values = new List<string>();
            for (var at = start; at <= end; at += step)
                values.Add(string.Create(CultureInfo.InvariantCulture, $"[{at},\"{(at - Nine.ToUnixTimeSeconds()) / 60.0}\"]"));
            var body = $"{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{{\"metric\":{{}},\"values\":[{string.Join(',', values)}]}}]}}}}";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
