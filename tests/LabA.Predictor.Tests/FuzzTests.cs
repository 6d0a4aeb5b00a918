using System.Net;
using System.Text.Json;
using CsCheck;
using LabA.Domain.Predict;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Predictor.Tests;

/// <summary>
/// No input, however odd, may produce a 5xx: random query strings and bodies against both kinds of model, with instants
/// and values at the edges of what .NET, JSON and the service's documented ranges hold.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class FuzzTests(ModelFixture models)
{
    private static readonly int Iterations = TestLane.Samples(10_000);

    private static readonly Gen<string> AnyText = Gen.String[Gen.Char, 0, 30];
    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.Int.Select(i => i.ToString()),
        Gen.Int[-2, 100].Select(i => i.ToString()),
        Gen.Double.Select(d => d.ToString("R")),
        Gen.Long.Select(l => l.ToString()));
    /// <summary>The calendar's ends, with the offsets that push them over, and the edges of the service's own range.</summary>
    private static readonly Gen<string> ExtremeInstant = Gen.OneOf<string>(
        "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59-14:00", "9999-12-31T12:00:00+14:00",
        "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "0001-01-01T13:59:59-14:00", "1970-01-01T00:00:00Z",
        "1999-12-31T23:59:59.9999999Z", "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z", "2025-06-01T14:30:00+23:59");
    private static readonly Gen<string> Instant = Gen.OneOf(
        ExtremeInstant,
        Gen.DateTimeOffset.Select(t => t.ToString("O")),
        Gen.DateTime.Select(t => t.ToString("yyyy-MM-dd'T'HH:mm")),
        Gen.Int[-3000, 3000].Select(days => PredictTimestamp.Write(DateTimeOffset.UtcNow.AddDays(days))));
    private static readonly Gen<string> Key = Gen.OneOf(Gen.OneOf<string>("hour", "minute", "at", "window", "HOUR", ""), AnyText);
    private static readonly Gen<string> QueryValue = Gen.OneOf(Number, Instant, AnyText, Gen.Const(""));

    private static readonly Gen<string> Query =
        Gen.Select(Key, QueryValue).Array[0, 5]
            .Select(pairs => string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2))));

    /// <summary>JSON numbers at and past the ends of a double and of the documented loads, and tokens JSON does not have.</summary>
    private static readonly Gen<string> ExtremeValue = Gen.OneOf<string>(
        "1e308", "-1e308", "1.7976931348623157e308", "1e400", "-1e400", "5e-324", "-0", "0", "-50", "1e9", "1000000000.0001", "1e300",
        "NaN", "\"NaN\"", "Infinity", "true", "null", "[]", "{}", "\"58.1\"");

    /// <summary>
    /// A plausible history (as long as the recent model needs) with one point's timestamp or value replaced by an extreme,
    /// and then perhaps put out of order: swapped with its neighbour, repeated, or the whole history reversed.
    /// </summary>
    /// <summary>The latest index a whole history for the recent model can start at.</summary>
    private int LastHistoryStart => TrainedModels.Series.Count - models.RecentHistoryPoints;

    private Gen<string> DamagedHistory => Gen.Select(Gen.Int[0, LastHistoryStart], Gen.Int[0, models.RecentHistoryPoints - 1],
        Gen.Select(Gen.OneOf(ExtremeInstant, Gen.Const("")), Gen.OneOf(ExtremeValue, Gen.Const(""))), Gen.Int[0, 3])
        .Select((end, index, replacement, disorder) =>
        {
            var points = TrainedModels.Series.Observations.Skip(end).Take(models.RecentHistoryPoints)
                .Select(o => (Timestamp: "\"" + o.Timestamp.ToString("O") + "\"", Value: o.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))
                .ToList();
            index = Math.Min(index, points.Count - 1);
            // An empty replacement leaves that field as it was.
            var (timestamp, value) = replacement;
            points[index] = (timestamp.Length > 0 ? "\"" + timestamp + "\"" : points[index].Timestamp, value.Length > 0 ? value : points[index].Value);
            switch (disorder)
            {
                case 1 when index + 1 < points.Count: (points[index], points[index + 1]) = (points[index + 1], points[index]); break;
                case 2: points.Insert(index, points[index]); break;
                case 3: points.Reverse(); break;
            }
            return "[" + string.Join(',', points.Select(p => $"{{\"timestamp\":{p.Timestamp},\"value\":{p.Value}}}")) + "]";
        });

    /// <summary>Bodies from garbage to plausible histories with random gaps and steps, or damaged at the extremes.</summary>
    private Gen<string> Body => Gen.OneOf(
        DamagedHistory,
        AnyText,
        Gen.Select(Instant, Gen.Double).Array[0, 5].Select(points =>
            JsonSerializer.Serialize(points.Select(p => new { timestamp = p.Item1, value = p.Item2 }))),
        Gen.Select(Gen.Int[0, LastHistoryStart], Gen.Int[models.RecentHistoryPoints - 3, models.RecentHistoryPoints + 3], Gen.Int[1, 2], Gen.Int[0, 3]).Select((end, count, step, gap) =>
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

    [Fact]
    public async Task Random_model_names_never_produce_a_server_error()
    {
        var modelsDirectory = TestDirectory.Create("labA-predictor-models-");
        try
        {
            foreach (var (served, trained) in new[] { ("checkout", models.CalendarModel), ("orders", models.RecentModel) })
                KubeletConfigMapVolume.Write(Path.Combine(modelsDirectory, served), Directory.GetFiles(trained).ToDictionary(file => Path.GetFileName(file), File.ReadAllBytes));
            Directory.CreateDirectory(Path.Combine(modelsDirectory, "pending"));
            await using var app = new PredictorFactory(models.CalendarModel, new Dictionary<string, string> { [PredictorCatalogue.ModelsDir.Env] = modelsDirectory });
            var client = app.CreateClient();
            var name = Gen.OneOf(Gen.OneOf<string>("checkout", "orders", "pending", "missing", "..data", "CHECKOUT", new string('a', 51)), AnyText);
            await Gen.Select(name, Gen.Int[0, 2], Query, Body).SampleAsync(async input =>
            {
                var (model, route, query, body) = input;
                var path = $"/workloads/{Uri.EscapeDataString(model)}/";
                using var response = route switch
                {
                    0 => await client.GetAsync($"{path}predict?{query}"),
                    1 => await client.PostJson($"{path}predict?{query}", body),
                    _ => await client.GetAsync($"{path}model"),
                };
                var text = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.ServiceUnavailable && model == "pending",
                    $"{(int)response.StatusCode} for {input}: {text}");
                if (response.StatusCode != HttpStatusCode.OK) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }, iter: Iterations / 5);
        }
        finally
        {
            Directory.Delete(modelsDirectory, recursive: true);
        }
    }

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
