using System.Net;
using LabA.Forecasting;
using LabA.Forecasting.Series;

namespace LabA.Predictor.Tests;

/// <summary>
/// A model whose observations are optional (auto's level-following profile, trained once for the class on a daily
/// profile whose level jumps in the hold-out): GET answers from the clock, POST from the observations given.
/// </summary>
public sealed class LevelFollowingServingTests(LevelFollowingServingTests.Trained trained) : IClassFixture<LevelFollowingServingTests.Trained>
{
    public sealed class Trained : IDisposable
    {
        private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);
        public string Directory { get; } = TestDirectory.Create("labA-predictor-level-");
        public LoadSeries Series { get; }

        public Trained()
        {
            var random = new Random(3);
            var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
            var count = (int)(TimeSpan.FromDays(10) / Step);
            Series = LoadSeries.Create([.. Enumerable.Range(0, count).Select(i =>
            {
                var t = start + i * Step;
                var profile = 40 + 15 * Math.Cos(2 * Math.PI * (t.UtcDateTime.TimeOfDay.TotalHours - 14) / 24);
                return new Observation(t, profile + (i >= count * 8 / 10 ? 40 : 0) + 4 * (random.NextDouble() - 0.5));
            })], "level-shift.csv");
            Training.TrainToDirectory(Series, new TrainingOptions { HoldoutFraction = 0.3 }, Directory).Dispose();
        }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }

    [Fact]
    public async Task Get_answers_from_the_clock_and_post_from_the_observations_given()
    {
        using var model = ForecastModel.Load(trained.Directory);
        Assert.Equal(ForecasterKinds.LevelFollowing, model.Kind);
        Assert.True(model.Card.ObservationsOptional);
        var observations = trained.Series.Observations;
        var history = observations.Take(observations.Count - 10).TakeLast(model.Card.HistoryPoints).ToArray();
        var target = history[^1].Timestamp + model.Horizon;

        await using var app = new PredictorFactory(trained.Directory);
        var client = app.CreateClient();
        var at = Uri.EscapeDataString(target.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var byClock = await (await client.GetAsync($"/predict?at={at}")).Json(HttpStatusCode.OK);
        var fromObservations = await (await client.PostJson("/predict", PredictPostTests.ToJson(history))).Json(HttpStatusCode.OK);

        Assert.Equal(Math.Round(model.Predict(target), 2), byClock.GetProperty("predicted_cpu").GetDouble());
        Assert.Equal(Math.Round(model.Predict(target, history), 2), fromObservations.GetProperty("predicted_cpu").GetDouble());
        // After the jump the observations sit 40 above the profile the clock knows.
        Assert.True(fromObservations.GetProperty("predicted_cpu").GetDouble() - byClock.GetProperty("predicted_cpu").GetDouble() > 30);
    }
}
