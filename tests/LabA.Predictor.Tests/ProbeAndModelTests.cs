using System.Net;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Model;

namespace LabA.Predictor.Tests;

[Collection(ModelCollection.Name)]
public sealed class ProbeAndModelTests(ModelFixture models)
{
    [Fact]
    public async Task Health_is_ok_and_ready_names_the_model_version()
    {
        await using var app = new PredictorFactory(models.CalendarModel);
        var client = app.CreateClient();
        var card = ModelCardJson.DeserializeCard(await File.ReadAllTextAsync(Path.Combine(models.CalendarModel, "model.json")));

        // Real HTTP: Kestrel on a loopback port of its own, not the in-memory test server and not the fixed 8080.
        Assert.Equal("127.0.0.1", client.BaseAddress!.Host);
        Assert.NotEqual(8080, client.BaseAddress.Port);
        var health = await (await client.GetAsync("/health")).Json(HttpStatusCode.OK);
        Assert.Equal("ok", health.GetProperty("status").GetString());

        var ready = await (await client.GetAsync("/ready")).Json(HttpStatusCode.OK);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal(card.Version, ready.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task Model_serves_the_card_the_trainer_wrote()
    {
        await using var app = new PredictorFactory(models.CalendarModel);
        var served = await (await app.CreateClient().GetAsync("/model")).Json(HttpStatusCode.OK);
        var card = ModelCardJson.DeserializeCard(await File.ReadAllTextAsync(Path.Combine(models.CalendarModel, "model.json")));

        Assert.Equal(ModelCardJson.Serialize(card), ModelCardJson.Serialize(ModelCardJson.DeserializeCard(served.GetRawText())));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("corrupt")]
    public async Task Without_a_usable_model_the_process_stays_up_but_is_not_ready_and_never_predicts(string which)
    {
        var directory = which == "missing" ? models.MissingModel : models.CorruptModel;
        await using var app = new PredictorFactory(directory);
        var client = app.CreateClient();

        await (await client.GetAsync("/health")).Json(HttpStatusCode.OK);

        var ready = await (await client.GetAsync("/ready")).Json(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unavailable", ready.GetProperty("status").GetString());
        Assert.Contains(directory, ready.GetProperty("reason").GetString());

        foreach (var request in new[]
                 {
                     client.GetAsync("/predict?hour=14&minute=30"),
                     client.PostJson("/predict", "[]"),
                     client.GetAsync("/model"),
                 })
        {
            var detail = await (await request).Problem(HttpStatusCode.ServiceUnavailable, parameter: null);
            Assert.Contains(directory, detail);
        }

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("laba_predictor_model_loaded{model=\"MODEL_DIR\"} 0", metrics);
        Assert.DoesNotContain("laba_predictor_predictions_total{", metrics);
    }

    [Fact]
    public async Task A_card_without_error_quantiles_is_not_ready_unless_provisioning_is_off()
    {
        // A model trained before the card carried its validation errors: the quantile asked for cannot be honoured.
        var directory = TestDirectory.Create("labA-predictor-no-residuals-");
        try
        {
            File.Copy(Path.Combine(models.CalendarModel, ForecastModel.ModelFileName), Path.Combine(directory, ForecastModel.ModelFileName));
            var card = ModelCardJson.DeserializeCard(await File.ReadAllTextAsync(Path.Combine(models.CalendarModel, ForecastModel.CardFileName)));
            await File.WriteAllTextAsync(Path.Combine(directory, ForecastModel.CardFileName), ModelCardJson.Serialize(card with { Residuals = null }));

            await using (var app = new PredictorFactory(directory))
            {
                var ready = await (await app.CreateClient().GetAsync("/ready")).Json(HttpStatusCode.ServiceUnavailable);
                Assert.Contains(RecommendationCatalogue.ProvisionQuantile.Env, ready.GetProperty("reason").GetString());
            }
            await using (var app = new PredictorFactory(directory, new Dictionary<string, string> { [RecommendationCatalogue.ProvisionQuantile.Env] = "off" }))
            {
                await (await app.CreateClient().GetAsync("/ready")).Json(HttpStatusCode.OK);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
