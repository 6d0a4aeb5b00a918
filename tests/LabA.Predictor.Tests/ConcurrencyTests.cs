using System.Net;
using LabA.Domain.Predict;

namespace LabA.Predictor.Tests;

/// <summary>Predictions under concurrent load must equal the same predictions made one at a time.</summary>
[Collection(ModelCollection.Name)]
public sealed class ConcurrencyTests(ModelFixture models)
{
    private static async Task<Dictionary<string, string>> Answers(IEnumerable<string> keys, Func<string, Task<HttpResponseMessage>> send, int parallelism)
    {
        var answers = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (key, _) =>
        {
            using var response = await send(key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers[key] = await response.Content.ReadAsStringAsync();
        });
        return new Dictionary<string, string>(answers);
    }

    [Fact]
    public async Task Concurrent_gets_answer_exactly_as_sequential_ones()
    {
        await using var app = new PredictorFactory(models.CalendarModel);
        var client = app.CreateClient();
        var start = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
        var queries = Enumerable.Range(0, 300)
            .Select(i => $"/predict?at={PredictTimestamp.Write(start.AddMinutes(i * 7))}&window={i % 4 * 15}").ToArray();

        var sequential = await Answers(queries, client.GetAsync, parallelism: 1);
        var concurrent = await Answers(queries.Concat(queries).Reverse(), client.GetAsync, parallelism: 32);

        Assert.Equal(sequential.Count, concurrent.Count);
        Assert.All(queries, q => Assert.Equal(sequential[q], concurrent[q]));
        Assert.True(sequential.Values.Distinct().Count() > 100, "the queries must give many different answers to catch a mix-up");
    }

    [Fact]
    public async Task Concurrent_posts_answer_exactly_as_sequential_ones()
    {
        await using var app = new PredictorFactory(models.RecentModel);
        var client = app.CreateClient();
        var series = TrainedModels.Series.Observations;
        var bodies = Enumerable.Range(0, 100)
            .ToDictionary(i => i.ToString(), i => PredictPostTests.ToJson(series.Skip(i * 37).Take(models.RecentHistoryPoints)));
        Task<HttpResponseMessage> Send(string key) => client.PostJson("/predict", bodies[key]);

        var sequential = await Answers(bodies.Keys, Send, parallelism: 1);
        var concurrent = await Answers(bodies.Keys.Reverse(), Send, parallelism: 32);

        Assert.Equal(sequential, concurrent);
        Assert.True(sequential.Values.Distinct().Count() > 50, "the bodies must give many different answers to catch a mix-up");
    }
}
