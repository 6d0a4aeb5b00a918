using System.Net;

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
}
