using System.Net;
using System.Text.Json;
using CsCheck;

namespace LabA.Predictor.Tests;

/// <summary>No input, however odd, may produce a 5xx: random query strings and bodies against both kinds of model.</summary>
[Collection(ModelCollection.Name)]
public sealed class FuzzTests(ModelFixture models)
{
    private const int Iterations = 400;

    private static readonly Gen<string> AnyText = Gen.String[Gen.Char, 0, 30];
    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.Int.Select(i => i.ToString()),
        Gen.Int[-2, 100].Select(i => i.ToString()),
        Gen.Double.Select(d => d.ToString("R")),
        Gen.Long.Select(l => l.ToString()));
    private static readonly Gen<string> Instant = Gen.OneOf(
        Gen.DateTimeOffset.Select(t => t.ToString("O")),
        Gen.DateTime.Select(t => t.ToString("yyyy-MM-dd'T'HH:mm")),
        Gen.Int[-3000, 3000].Select(days => DateTimeOffset.UtcNow.AddDays(days).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")));
    private static readonly Gen<string> Key = Gen.OneOf(Gen.OneOf<string>("hour", "minute", "at", "window", "HOUR", ""), AnyText);
    private static readonly Gen<string> QueryValue = Gen.OneOf(Number, Instant, AnyText, Gen.Const(""));

    private static readonly Gen<string> Query =
        Gen.Select(Key, QueryValue).Array[0, 5]
            .Select(pairs => string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2))));

    /// <summary>Bodies from garbage to plausible histories (about as long as the recent model needs) with random gaps and steps.</summary>
    private Gen<string> Body => Gen.OneOf(
        AnyText,
        Gen.Select(Instant, Gen.Double).Array[0, 5].Select(points =>
            JsonSerializer.Serialize(points.Select(p => new { timestamp = p.Item1, value = p.Item2 }))),
        Gen.Select(Gen.Int[0, 9000], Gen.Int[models.RecentHistoryPoints - 3, models.RecentHistoryPoints + 3], Gen.Int[1, 2], Gen.Int[0, 3]).Select((end, count, step, gap) =>
        {
            var points = TrainedModels.Series.Observations.Skip(Math.Max(0, end - count * step)).Where((_, i) => i % step == 0).Take(count).ToList();
            if (gap > 0 && points.Count > 0) points.RemoveAt(points.Count / (gap + 1));
            return PredictPostTests.ToJson(points);
        }),
        Gen.OneOf<string>("[", "[[[[[[[]]]]]]]", "{}", "[{}]", "[{\"timestamp\":1,\"value\":1}]", "[{\"timestamp\":\"2025-01-01T00:00:00Z\",\"value\":1e400}]"));

    [Fact]
    public Task Random_queries_never_produce_a_server_error() => Check(
        Gen.Select(Gen.Bool, Query),
        async (client, input) => await client(input.Item1).GetAsync("/predict?" + input.Item2));

    [Fact]
    public Task Random_bodies_never_produce_a_server_error() => Check(
        Gen.Select(Gen.Bool, Query, Body),
        async (client, input) => await client(input.Item1).PostJson("/predict?" + input.Item2, input.Item3));

    /// <summary>Sends each sample to the calendar model's app (true) or the recent model's and checks the answer.</summary>
    private async Task Check<T>(Gen<T> inputs, Func<Func<bool, HttpClient>, T, Task<HttpResponseMessage>> send)
    {
        await using var calendar = new PredictorFactory(models.CalendarModel);
        await using var recent = new PredictorFactory(models.RecentModel);
        var calendarClient = calendar.CreateClient();
        var recentClient = recent.CreateClient();
        HttpClient Client(bool useCalendar) => useCalendar ? calendarClient : recentClient;

        await inputs.SampleAsync(async input =>
        {
            using var response = await send(Client, input);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {input}: {body}");
            if (response.StatusCode == HttpStatusCode.OK)
                Assert.True(double.IsFinite(JsonDocument.Parse(body).RootElement.GetProperty("predicted_cpu").GetDouble()));
            else
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }, iter: Iterations);
    }
}
