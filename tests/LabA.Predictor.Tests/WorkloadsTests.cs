using System.Globalization;
using System.Net;
using LabA.Domain.Predict;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Predictor.Endpoints;

namespace LabA.Predictor.Tests;

/// <summary>
/// Workloads mode: every directory of MODELS_DIR is one model, served at /workloads/&lt;model&gt;/ exactly as /predict
/// and /model serve MODEL_DIR's, each verified and hot-reloaded on its own, identical files loaded once.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class WorkloadsTests(ModelFixture models)
{
    private const string At = "2025-06-02T15:00:00Z";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>MODELS_DIR as the stack mounts it: one ConfigMap volume per model, in a directory named after it.</summary>
    private sealed class ModelsVolume : IDisposable
    {
        public string Directory { get; } = TestDirectory.Create("labA-predictor-models-");

        public string Publish(string name, string modelDirectory)
        {
            var directory = Path.Combine(Directory, name);
            KubeletConfigMapVolume.Write(directory, new Dictionary<string, byte[]>
            {
                [ForecastModel.ModelFileName] = File.ReadAllBytes(Path.Combine(modelDirectory, ForecastModel.ModelFileName)),
                [ForecastModel.CardFileName] = File.ReadAllBytes(Path.Combine(modelDirectory, ForecastModel.CardFileName)),
            });
            return directory;
        }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static PredictorFactory App(string modelDirectory, string? modelsDirectory) => new(modelDirectory, new Dictionary<string, string>
    {
        [PredictorCatalogue.ModelCheckInterval.Env] = ReloadTests.FastChecks,
        [PredictorCatalogue.ModelsDir.Env] = modelsDirectory ?? "",
    });

    private static string Predict(string model, string query = $"at={At}") => $"{PredictRoutes.WorkloadBase(model)}predict?{query}";

    private static string Model(string model) => $"{PredictRoutes.WorkloadBase(model)}model";

    private static async Task<Func<string, double?>> Scrape(HttpClient client)
    {
        var lines = (await client.GetStringAsync("/metrics")).Split('\n');
        return series => lines.SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal)) is { } line
            ? double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture)
            : null;
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within {Deadline}");
            await Task.Delay(50);
        }
    }

    private static async Task<HttpStatusCode> Status(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return response.StatusCode;
    }

    [Fact]
    public async Task Several_models_are_served_side_by_side_each_answering_as_predict_does_with_its_own_model()
    {
        using var volume = new ModelsVolume();
        var checkout = volume.Publish("checkout", models.CalendarModel);
        volume.Publish("search", models.OtherCalendarModel);
        volume.Publish("orders", models.RecentModel);
        using var calendar = ForecastModel.Load(models.CalendarModel);
        using var other = ForecastModel.Load(models.OtherCalendarModel);
        await using var app = App(models.CalendarModel, volume.Directory);
        var client = app.CreateClient();

        // The same model under both routes answers byte for byte the same.
        var single = await (await client.GetAsync($"{PredictRoutes.Predict}?at={At}&window=30")).Json(HttpStatusCode.OK);
        var first = await (await client.GetAsync(Predict("checkout", $"at={At}&window=30"))).Json(HttpStatusCode.OK);
        Assert.Equal(single.GetRawText(), first.GetRawText());

        var second = await (await client.GetAsync(Predict("search"))).Json(HttpStatusCode.OK);
        var at = DateTimeOffset.Parse(At, CultureInfo.InvariantCulture);
        Assert.Equal(other.Card.Version, second.GetProperty("model_version").GetString());
        Assert.Equal(Math.Round(other.Predict(at), 2), second.GetProperty("predicted_cpu").GetDouble());
        Assert.Equal(Math.Round(calendar.Predict(at), 2),
            (await (await client.GetAsync(Predict("checkout"))).Json(HttpStatusCode.OK)).GetProperty("predicted_cpu").GetDouble());
        Assert.True(Math.Abs(other.Predict(at) - calendar.Predict(at)) > 1, "the two models must answer differently for a mix-up to show");

        // A recent model: GET says which observations it needs, POST forecasts from them, as at /predict.
        await (await client.GetAsync(Predict("orders"))).Problem(HttpStatusCode.UnprocessableEntity, "body");
        var history = TrainedModels.Series.Observations.Take(models.RecentHistoryPoints).ToArray();
        var posted = await (await client.PostJson(Predict("orders", ""), PredictPostTests.ToJson(history))).Json(HttpStatusCode.OK);
        Assert.Equal(ReloadTests.VersionOf(models.RecentModel), posted.GetProperty("model_version").GetString());
        await (await client.PostJson(Predict("orders", ""), "{}")).Problem(HttpStatusCode.BadRequest, "body");

        var card = await (await client.GetAsync(Model("checkout"))).Json(HttpStatusCode.OK);
        Assert.Equal(calendar.Card.Version, card.GetProperty("version").GetString());
        Assert.Equal(checkout, card.GetProperty(ModelEndpoints.ServedKey).GetProperty("from").GetString());
        Assert.Equal(other.Card.Version, (await (await client.GetAsync(Model("search"))).Json(HttpStatusCode.OK)).GetProperty("version").GetString());

        var ready = await (await client.GetAsync("/ready")).Json(HttpStatusCode.OK);
        Assert.Equal(calendar.Card.Version, ready.GetProperty("model_version").GetString());
        Assert.Equal(3, ready.GetProperty("workload_models").GetInt32());
    }

    [Fact]
    public async Task Directories_holding_the_same_model_files_share_one_model_in_memory()
    {
        using var single = new ModelVolume();
        single.Publish(models.CalendarModel);
        using var volume = new ModelsVolume();
        for (var i = 0; i < 6; i++) volume.Publish($"web-{i}", models.CalendarModel);
        volume.Publish("batch", models.OtherCalendarModel);
        await using var app = App(single.Directory, volume.Directory);
        var client = app.CreateClient();

        // MODEL_DIR holds the same files as the six web models: one model for seven places, one for batch.
        var value = await Scrape(client);
        Assert.Equal(2, value("laba_predictor_models_in_memory"));
        Assert.Equal(7, value("laba_predictor_workload_models"));
        var answers = new HashSet<string>();
        for (var i = 0; i < 6; i++) answers.Add((await (await client.GetAsync(Predict($"web-{i}"))).Json(HttpStatusCode.OK)).GetRawText());
        Assert.Single(answers);

        // Once every place serving it has another, a model leaves memory; the content they now share stays in once.
        single.Publish(models.OtherCalendarModel);
        for (var i = 0; i < 6; i++) volume.Publish($"web-{i}", models.OtherCalendarModel);
        var other = ReloadTests.VersionOf(models.OtherCalendarModel);
        await ReloadTests.WaitForVersion(client, other);
        await Eventually(async () => (await Scrape(client))("laba_predictor_models_in_memory") == 1, "the replaced model leaving memory");
        for (var i = 0; i < 6; i++)
            Assert.Equal(other, (await (await client.GetAsync(Predict($"web-{i}"))).Json(HttpStatusCode.OK)).GetProperty("model_version").GetString());
        Assert.Equal(0, (await Scrape(client))("laba_predictor_model_refusals_total{model=\"web-0\"}"));
    }

    [Fact]
    public async Task A_model_directory_that_appears_later_is_served_and_one_that_goes_stops_being_served_with_its_metrics()
    {
        using var volume = new ModelsVolume();
        volume.Publish("early", models.CalendarModel);
        await using var app = App(models.MissingModel, volume.Directory);
        var client = app.CreateClient();
        await (await client.GetAsync(Predict("late"))).Problem(HttpStatusCode.NotFound, PredictRoutes.ModelParameter);

        volume.Publish("late", models.OtherCalendarModel);
        await Eventually(async () => await Status(client, Predict("late")) == HttpStatusCode.OK, "serving the new directory");
        var late = await (await client.GetAsync(Predict("late"))).Json(HttpStatusCode.OK);
        Assert.Equal(ReloadTests.VersionOf(models.OtherCalendarModel), late.GetProperty("model_version").GetString());
        await (await client.GetAsync(Predict("early"))).Json(HttpStatusCode.OK);
        Assert.Equal(2, (await Scrape(client))("laba_predictor_workload_models"));
        Assert.Contains("model=\"early\"", await client.GetStringAsync("/metrics"));

        Directory.Delete(Path.Combine(volume.Directory, "early"), recursive: true);
        await Eventually(async () => await Status(client, Predict("early")) == HttpStatusCode.NotFound, "dropping the gone directory");
        var detail = await (await client.GetAsync(Predict("early"))).Problem(HttpStatusCode.NotFound, PredictRoutes.ModelParameter);
        Assert.Contains("the models served: late", detail);
        await Eventually(async () => !(await client.GetStringAsync("/metrics")).Contains("model=\"early\""), "dropping the gone model's series");
        Assert.Equal(1, (await Scrape(client))("laba_predictor_models_in_memory"));
    }

    [Fact]
    public async Task A_bad_model_in_one_directory_is_refused_there_alone_and_a_good_reload_elsewhere_goes_on()
    {
        using var volume = new ModelsVolume();
        volume.Publish("good", models.CalendarModel);
        volume.Publish("stable", models.CalendarModel);
        volume.Publish("broken", models.CorruptModel);
        Directory.CreateDirectory(Path.Combine(volume.Directory, "pending"));
        await using var app = App(models.CalendarModel, volume.Directory);
        var client = app.CreateClient();

        // A directory whose model did not verify, and one with no model yet: 503 saying which model, as /predict says it.
        foreach (var url in new[] { Predict("broken"), Model("broken") })
            Assert.Contains("model broken: no model loaded from", await (await client.GetAsync(url)).Problem(HttpStatusCode.ServiceUnavailable, parameter: null));
        Assert.Contains("model.zip is not the archive this card was written with",
            await (await client.PostJson(Predict("broken", ""), "[]")).Problem(HttpStatusCode.ServiceUnavailable, parameter: null));
        Assert.Contains("model pending: no model loaded from", await (await client.GetAsync(Predict("pending"))).Problem(HttpStatusCode.ServiceUnavailable, parameter: null));
        var stableBefore = (await (await client.GetAsync(Predict("stable"))).Json(HttpStatusCode.OK)).GetRawText();
        Assert.Equal(1, (await Scrape(client))("laba_predictor_model_refusals_total{model=\"broken\"}"));

        // A bad model published over a good one is refused; the good one keeps serving.
        volume.Publish("good", models.CorruptModel);
        await Eventually(async () => (await Scrape(client))("laba_predictor_model_refusals_total{model=\"good\"}") == 1, "refusing the bad model");
        var good = await (await client.GetAsync(Model("good"))).Json(HttpStatusCode.OK);
        Assert.Equal(ReloadTests.VersionOf(models.CalendarModel), good.GetProperty("version").GetString());
        Assert.Contains("model.zip is not the archive", good.GetProperty(ModelEndpoints.RefusedKey).GetProperty("reason").GetString());

        // The broken directory gets a good model, and the one with none gets its first: both serve.
        volume.Publish("broken", models.OtherCalendarModel);
        volume.Publish("pending", models.CalendarModel);
        await Eventually(async () => await Status(client, Predict("broken")) == HttpStatusCode.OK && await Status(client, Predict("pending")) == HttpStatusCode.OK,
            "serving the fixed directories");

        var value = await Scrape(client);
        Assert.Equal(stableBefore, (await (await client.GetAsync(Predict("stable"))).Json(HttpStatusCode.OK)).GetRawText());
        Assert.Equal(0, value("laba_predictor_model_refusals_total{model=\"stable\"}"));
        Assert.Equal(0, value("laba_predictor_model_reloads_total{model=\"stable\"}"));
        Assert.Equal(0, value("laba_predictor_model_refusals_total{model=\"MODEL_DIR\"}"));
        Assert.Equal(1, value("laba_predictor_model_loaded{model=\"broken\"}"));
        Assert.Equal(1, value($"laba_predictor_model_info{{model=\"broken\",version=\"{ReloadTests.VersionOf(models.OtherCalendarModel)}\",feature_set=\"calendar\"}}"));
    }

    public static TheoryData<string> NotModelNames => new() { "Checkout", "check_out", "-checkout", "checkout-", "a.b", new string('a', 51), "%20" };

    [Theory]
    [MemberData(nameof(NotModelNames))]
    public async Task A_name_that_cannot_be_a_model_is_refused_naming_the_parameter(string name)
    {
        using var volume = new ModelsVolume();
        volume.Publish("checkout", models.CalendarModel);
        await using var app = App(models.CalendarModel, volume.Directory);
        var client = app.CreateClient();
        var segment = name == "%20" ? name : Uri.EscapeDataString(name);

        foreach (var response in new[]
                 {
                     await client.GetAsync($"/workloads/{segment}/predict?at={At}"),
                     await client.PostJson($"/workloads/{segment}/predict", "[]"),
                     await client.GetAsync($"/workloads/{segment}/model"),
                 })
            Assert.Contains("is not a model name", await response.Problem(HttpStatusCode.BadRequest, PredictRoutes.ModelParameter));
    }

    [Fact]
    public async Task An_unknown_model_is_404_naming_the_parameter_and_the_models_served_and_bad_input_is_refused_as_at_predict()
    {
        using var volume = new ModelsVolume();
        volume.Publish("checkout", models.CalendarModel);
        volume.Publish("search", models.OtherCalendarModel);
        Directory.CreateDirectory(Path.Combine(volume.Directory, "Not-A-Model"));
        await using var app = App(models.CalendarModel, volume.Directory);
        var client = app.CreateClient();

        foreach (var url in new[] { Predict("payments"), Model("payments") })
        {
            var detail = await (await client.GetAsync(url)).Problem(HttpStatusCode.NotFound, PredictRoutes.ModelParameter);
            Assert.Contains("no model 'payments'", detail);
            Assert.Contains("the models served: checkout, search", detail);
        }

        // The query and the body are read exactly as at /predict, errors and all.
        foreach (var query in new[] { "hour=25", "window=abc", "at=yesterday" })
        {
            var key = query.Split('=')[0];
            var expected = await (await client.GetAsync($"{PredictRoutes.Predict}?{query}")).Problem(HttpStatusCode.BadRequest, key);
            Assert.Equal(expected, await (await client.GetAsync(Predict("checkout", query))).Problem(HttpStatusCode.BadRequest, key));
        }
    }

    [Fact]
    public async Task Without_models_dir_the_workload_routes_are_404_and_predict_serves_as_ever()
    {
        await using var app = App(models.CalendarModel, null);
        var client = app.CreateClient();
        var detail = await (await client.GetAsync(Predict("checkout"))).Problem(HttpStatusCode.NotFound, PredictRoutes.ModelParameter);
        Assert.Contains($"{PredictorCatalogue.ModelsDir.Env} is not set", detail);
        await (await client.GetAsync($"{PredictRoutes.Predict}?at={At}")).Json(HttpStatusCode.OK);
        var ready = await (await client.GetAsync("/ready")).Json(HttpStatusCode.OK);
        Assert.False(ready.TryGetProperty("workload_models", out _));
    }

    [Fact]
    public async Task Readiness_in_workloads_mode_needs_a_readable_models_dir_when_model_dir_holds_no_model()
    {
        using var volume = new ModelsVolume();
        await using (var app = App(models.MissingModel, volume.Directory))
        {
            var client = app.CreateClient();
            // Ready before any model arrived: workloads' models come one by one.
            var ready = await (await client.GetAsync("/ready")).Json(HttpStatusCode.OK);
            Assert.False(ready.TryGetProperty("model_version", out _));
            Assert.Equal(0, ready.GetProperty("workload_models").GetInt32());
            Assert.Contains(models.MissingModel,
                await (await client.GetAsync($"{PredictRoutes.Predict}?at={At}")).Problem(HttpStatusCode.ServiceUnavailable, parameter: null));
        }

        var nowhere = Path.Combine(volume.Directory, "not-mounted");
        await using (var app = App(models.MissingModel, nowhere))
        {
            var ready = await (await app.CreateClient().GetAsync("/ready")).Json(HttpStatusCode.ServiceUnavailable);
            var reason = ready.GetProperty("reason").GetString();
            Assert.Contains($"{PredictorCatalogue.ModelsDir.Env} {nowhere} cannot be read", reason);
            Assert.Contains(models.MissingModel, reason);
        }
    }

    [Fact]
    public async Task Forecast_metrics_are_labelled_with_the_model_that_answered()
    {
        using var volume = new ModelsVolume();
        volume.Publish("checkout", models.CalendarModel);
        volume.Publish("search", models.OtherCalendarModel);
        await using var app = App(models.CalendarModel, volume.Directory);
        var client = app.CreateClient();

        var search = await (await client.GetAsync(Predict("search"))).Json(HttpStatusCode.OK);
        await (await client.GetAsync(Predict("search"))).Json(HttpStatusCode.OK);
        var checkout = await (await client.GetAsync(Predict("checkout", "at=2025-06-02T03:00:00Z"))).Json(HttpStatusCode.OK);
        var single = await (await client.GetAsync($"{PredictRoutes.Predict}?at=2025-06-02T09:00:00Z")).Json(HttpStatusCode.OK);

        var value = await Scrape(client);
        Assert.Equal(2, value("laba_predictor_predictions_total{model=\"search\",method=\"GET\"}"));
        Assert.Equal(1, value("laba_predictor_predictions_total{model=\"checkout\",method=\"GET\"}"));
        Assert.Equal(1, value("laba_predictor_predictions_total{model=\"MODEL_DIR\",method=\"GET\"}"));
        foreach (var (model, answer) in new[] { ("search", search), ("checkout", checkout), ("MODEL_DIR", single) })
        {
            Assert.Equal(answer.GetProperty("predicted_cpu").GetDouble(), value($"laba_predictor_last_predicted_cpu{{model=\"{model}\"}}"));
            Assert.Equal(answer.GetProperty("recommended_replicas").GetInt32(), value($"laba_predictor_last_recommended_replicas{{model=\"{model}\"}}"));
            Assert.Equal(DateTimeOffset.Parse(answer.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
                value($"laba_predictor_last_target_timestamp_seconds{{model=\"{model}\"}}"));
        }
        Assert.Equal(1, value($"laba_predictor_model_info{{model=\"search\",version=\"{ReloadTests.VersionOf(models.OtherCalendarModel)}\",feature_set=\"calendar\"}}"));
    }
}
