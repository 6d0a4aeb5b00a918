using System.Net;
using LabA.Forecasting.Series;

namespace LabA.Predictor.Tests;

[Collection(ModelCollection.Name)]
public sealed class BadInputTests(ModelFixture models)
{
    [Theory]
    [InlineData("hour=25", "hour", "out of range")]
    [InlineData("minute=-1", "minute", "out of range")]
    [InlineData("hour=abc", "hour", "not a whole number")]
    [InlineData("hour=1.5", "hour", "not a whole number")]
    [InlineData("minute=99999999999", "minute", "not a whole number")]
    [InlineData("hour=1&hour=2", "hour", "more than once")]
    [InlineData("at=tomorrow", "at", "ISO-8601")]
    [InlineData("at=2025-06-01T14:30:00+02:00", "at", "%2B")]   // an unencoded '+' arrives as a space
    [InlineData("at=2025-13-01T14:30:00Z", "at", "ISO-8601")]
    [InlineData("at=1700-01-01T00:00:00Z", "at", "100 years")]
    [InlineData("at=2025-06-01T14:30:00Z&hour=3", "at", "not both")]
    [InlineData("window=-5", "window", "out of range")]
    [InlineData("window=100000", "window", "out of range")]
    public async Task A_bad_query_is_a_400_problem_naming_the_parameter(string query, string parameter, string explanation)
    {
        await using var app = new PredictorFactory(models.CalendarModel);
        var detail = await (await app.CreateClient().GetAsync("/predict?" + query)).Problem(HttpStatusCode.BadRequest, parameter);
        Assert.Contains(explanation, detail);
    }

    [Theory]
    [InlineData("", "JSON")]
    [InlineData("{", "JSON")]
    [InlineData("{\"timestamp\": \"2025-06-01T14:30:00Z\", \"value\": 1}", "JSON array")]
    [InlineData("[1, 2]", "JSON array")]
    [InlineData("[{\"timestamp\": \"yesterday\", \"value\": 1}]", "timestamp")]
    [InlineData("[{\"timestamp\": \"2025-06-01T14:30:00Z\"}]", "value")]
    [InlineData("[{\"timestamp\": \"2025-06-01T14:30:00Z\", \"value\": null}]", "value")]
    [InlineData("[{\"timestamp\": \"2025-06-01T14:30:00Z\", \"value\": \"high\"}]", "value")]
    [InlineData("null", "null")]
    [InlineData("[null]", "item 0 is null")]
    public async Task A_bad_body_is_a_400_problem_naming_the_body(string body, string explanation)
    {
        await using var app = new PredictorFactory(models.RecentModel);
        var detail = await (await app.CreateClient().PostJson("/predict", body)).Problem(HttpStatusCode.BadRequest, "body");
        Assert.Contains(explanation, detail);
    }

    [Theory]
    [InlineData("shuffled", "body[4].timestamp", "is not after the previous item's")]
    [InlineData("repeated", "body[4].timestamp", "is not after the previous item's")]
    [InlineData("1970", "body[3].timestamp", "is before 2000-01-01")]
    [InlineData("year 1", "body[0].timestamp", "is before 2000-01-01")]
    [InlineData("year 9999", "body[9].timestamp", "ahead of the server's clock")]
    [InlineData("off the step", "body[5].timestamp", "not a multiple of the model's step")]
    [InlineData("negative", "body[2].value", "outside the loads the Predictor serves")]
    [InlineData("huge", "body[2].value", "outside the loads the Predictor serves")]
    public async Task Observations_out_of_order_off_the_step_or_out_of_range_are_a_400_naming_the_item(string fault, string parameter, string explanation)
    {
        var points = TrainedModels.Series.Observations.Skip(3000).Take(10).ToArray();
        var step = points[1].Timestamp - points[0].Timestamp;
        switch (fault)
        {
            case "shuffled": (points[3], points[4]) = (points[4], points[3]); break;
            case "repeated": points[4] = points[3]; break;
            case "1970": points[3] = points[3] with { Timestamp = DateTimeOffset.UnixEpoch }; break;
            case "year 1": points[0] = points[0] with { Timestamp = DateTimeOffset.MinValue }; break;
            case "year 9999": points[9] = points[9] with { Timestamp = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero) }; break;
            case "off the step": points[5] = points[5] with { Timestamp = points[5].Timestamp + step / 2 }; break;
            case "negative": points[2] = points[2] with { Value = -50 }; break;
            case "huge": points[2] = points[2] with { Value = 1e300 }; break;
        }
        foreach (var model in new[] { models.RecentModel, models.CalendarModel })
        {
            await using var app = new PredictorFactory(model);
            var detail = await (await app.CreateClient().PostJson("/predict", PredictPostTests.ToJson(points))).Problem(HttpStatusCode.BadRequest, parameter);
            Assert.Contains(explanation, detail);
        }
    }
}
