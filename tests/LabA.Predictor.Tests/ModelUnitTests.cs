using System.Net;
using LabA.Forecasting;
using LabA.Forecasting.Model;

namespace LabA.Predictor.Tests;

/// <summary>model.zip and model.json are served as one unit, or not at all: /ready says why, and nothing is forecast.</summary>
[Collection(ModelCollection.Name)]
public sealed class ModelUnitTests(ModelFixture models)
{
    /// <summary>Asserts the app in <paramref name="directory"/> is up but not ready, with a reason holding <paramref name="reason"/>, and forecasts nothing.</summary>
    private static async Task AssertNotReady(string directory, string reason)
    {
        await using var app = new PredictorFactory(directory);
        var client = app.CreateClient();
        await (await client.GetAsync("/health")).Json(HttpStatusCode.OK);
        var ready = await (await client.GetAsync("/ready")).Json(HttpStatusCode.ServiceUnavailable);
        Assert.Contains(reason, ready.GetProperty("reason").GetString());
        var detail = await (await client.GetAsync("/predict?hour=14&minute=30")).Problem(HttpStatusCode.ServiceUnavailable, parameter: null);
        Assert.Contains(reason, detail);
    }

    [Fact]
    public async Task A_zip_beside_the_card_of_another_training_run_is_never_ready()
    {
        // What a Trainer that replaces model.zip and then fails to write model.json leaves: a new zip, the old card.
        var mixed = models.Copy(models.CalendarModel, archiveFrom: models.OtherCalendarModel);
        using (var other = ForecastModel.Load(models.OtherCalendarModel))
        using (var own = ForecastModel.Load(models.CalendarModel))
        {
            var at = new DateTimeOffset(2025, 6, 2, 15, 0, 0, TimeSpan.Zero);
            Assert.True(Math.Abs(other.Predict(at) - own.Predict(at)) > 1, "the two models must forecast differently for a mix-up to matter");
        }
        await AssertNotReady(mixed, "is not the archive this card was written with");
    }

    [Theory]
    [InlineData("step")]
    [InlineData("horizon")]
    [InlineData("features")]
    public async Task A_card_edited_after_training_is_not_ready(string field)
    {
        var edited = models.Copy(models.CalendarModel, card => field switch
        {
            "step" => card with { Step = TimeSpan.FromMinutes(5) },
            "horizon" => card with { Horizon = TimeSpan.FromDays(3650) },
            _ => card with { Features = [.. card.Features.Reverse()] },
        });
        await AssertNotReady(edited, "the card was edited after training");
    }

    public static TheoryData<string, double, string> ImpossibleQuantiles => new()
    {
        { "0.95", double.NaN, "quantiles.0.95: NaN" },
        { "0.95", double.PositiveInfinity, "quantiles.0.95: Infinity" },
        { "0.50", double.NegativeInfinity, "quantiles.0.50: -Infinity" },
        { "0.95", -1e9, "quantiles.0.95: -1000000000 is below" },
    };

    [Theory]
    [MemberData(nameof(ImpossibleQuantiles))]
    public async Task A_card_with_an_impossible_error_quantile_is_not_ready(string level, double value, string reason)
    {
        var edited = models.Copy(models.CalendarModel, card => card with
        {
            Residuals = card.Residuals! with { Quantiles = new Dictionary<string, double>(card.Residuals.Quantiles) { [level] = value } },
        });
        await AssertNotReady(edited, "residuals." + reason);
    }

    [Fact]
    public async Task Error_quantiles_all_far_below_zero_are_not_ready()
    {
        // Monotone and finite, so only their size gives them away: they would provision for a billion less than the forecast.
        var edited = models.Copy(models.CalendarModel, card => card with
        {
            Residuals = card.Residuals! with { Quantiles = card.Residuals.Quantiles.ToDictionary(q => q.Key, _ => -1e9) },
        });
        await AssertNotReady(edited, "is implausible for a model whose hold-out mean absolute error");
    }

    [Fact]
    public async Task A_card_that_does_not_name_its_archive_is_not_ready()
    {
        var old = models.Copy(models.CalendarModel, card => card with { Archive = null });
        await AssertNotReady(old, "has no archive hash (written by an older Trainer)");
    }

    [Fact]
    public async Task Model_shows_the_training_data_by_name_even_for_a_card_holding_its_absolute_path()
    {
        var old = models.Copy(models.CalendarModel, card => card with { Data = card.Data with { File = "/home/alice/secret-project/data/cpu_load.csv" } });
        await using var app = new PredictorFactory(old);
        var served = await (await app.CreateClient().GetAsync("/model")).Json(HttpStatusCode.OK);
        var data = served.GetProperty("data");
        Assert.Equal("cpu_load.csv", data.GetProperty("file").GetString());
        Assert.Equal(64, data.GetProperty("sha256").GetString()!.Length);
        Assert.DoesNotContain("alice", served.GetRawText());
    }
}
