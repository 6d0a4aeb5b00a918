using System.Globalization;
using System.Net;
using System.Text.Json;
using LabA.Domain.Predict;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Model;
using LabA.Predictor.Endpoints;

namespace LabA.Predictor.Tests;

/// <summary>
/// The model is swapped without a restart when MODEL_DIR changes, here a directory laid out as the kubelet lays out a
/// ConfigMap volume; a model that fails verification is refused and the one served keeps serving.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class ReloadTests(ModelFixture models)
{
    public const string FastChecks = "0.2s";
    private static readonly TimeSpan SwapDeadline = TimeSpan.FromSeconds(30);

    private static PredictorFactory App(string modelDirectory, IReadOnlyDictionary<string, string>? settings = null) => new(modelDirectory,
        new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { [PredictorCatalogue.ModelCheckInterval.Env] = FastChecks });

    internal static string VersionOf(string modelDirectory) =>
        ModelCardJson.DeserializeCard(File.ReadAllText(Path.Combine(modelDirectory, ForecastModel.CardFileName))).Version;

    private static async Task<string> ReadyVersion(HttpClient client) =>
        (await (await client.GetAsync("/ready")).Json(HttpStatusCode.OK)).GetProperty("model_version").GetString()!;

    internal static async Task WaitForVersion(HttpClient client, string version)
    {
        var deadline = DateTime.UtcNow + SwapDeadline;
        while (await ReadyVersion(client) != version)
        {
            Assert.True(DateTime.UtcNow < deadline, $"version {version} was not served within {SwapDeadline}");
            await Task.Delay(50);
        }
    }

    private static async Task<double> Metric(HttpClient client, string series)
    {
        var lines = (await client.GetStringAsync("/metrics")).Split('\n');
        var line = Assert.Single(lines, l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static async Task<JsonElement> Model(HttpClient client) => await (await client.GetAsync(PredictRoutes.Model)).Json(HttpStatusCode.OK);

    [Fact]
    public async Task A_kubelet_swap_is_served_without_a_restart_and_every_answer_names_the_model_that_computed_it()
    {
        using var volume = new ModelVolume();
        volume.Publish(models.CalendarModel);
        using var first = ForecastModel.Load(models.CalendarModel);
        using var second = ForecastModel.Load(models.OtherCalendarModel);
        Assert.NotEqual(first.Card.Version, second.Card.Version);
        await using var app = App(volume.Directory);
        var client = app.CreateClient();
        Assert.Equal(first.Card.Version, await ReadyVersion(client));
        var loadedBefore = DateTimeOffset.Parse((await Model(client)).GetProperty(ModelEndpoints.ServedKey).GetProperty("loadedAt").GetString()!, CultureInfo.InvariantCulture);

        // Four steady clients ask through the swap; each answer must be the forecast of the model it names.
        var steady = new SteadyClient(client, parallel: 4);
        await Task.Delay(300);
        volume.Publish(models.OtherCalendarModel);
        await WaitForVersion(client, second.Card.Version);
        await Task.Delay(300);
        await steady.StopAndAssert([first, second], mustSee: [first, second]);

        Assert.Equal(1, await Metric(client, "laba_predictor_model_reloads_total{model=\"MODEL_DIR\"}"));
        Assert.Equal(0, await Metric(client, "laba_predictor_model_refusals_total{model=\"MODEL_DIR\"}"));
        Assert.Equal(1, await Metric(client, $"laba_predictor_model_info{{model=\"MODEL_DIR\",version=\"{second.Card.Version}\",feature_set=\"calendar\"}}"));
        Assert.DoesNotContain(first.Card.Version, await client.GetStringAsync("/metrics"));
        var served = (await Model(client)).GetProperty(ModelEndpoints.ServedKey);
        Assert.True(DateTimeOffset.Parse(served.GetProperty("loadedAt").GetString()!, CultureInfo.InvariantCulture) > loadedBefore);
        Assert.Equal(volume.Directory, served.GetProperty("from").GetString());
    }

    public static TheoryData<string, string> BadModels => new()
    {
        { "corrupt", "model.zip is not the archive this card was written with" },
        { "mismatched", "is not the archive this card was written with" },
        { "edited", "the card was edited after training" },
    };

    [Theory]
    [MemberData(nameof(BadModels))]
    public async Task A_model_that_fails_verification_is_refused_and_the_served_one_keeps_serving_until_a_good_one_comes(string which, string reason)
    {
        var bad = which switch
        {
            "corrupt" => models.CorruptModel,
            "mismatched" => models.Copy(models.CalendarModel, archiveFrom: models.OtherCalendarModel),
            _ => models.Copy(models.CalendarModel, card => card with { Horizon = TimeSpan.FromMinutes(15) }),
        };
        using var volume = new ModelVolume();
        volume.Publish(models.CalendarModel);
        var version = VersionOf(models.CalendarModel);
        await using var app = App(volume.Directory);
        var client = app.CreateClient();
        var before = await (await client.GetAsync("/predict?at=2025-06-02T15:00:00Z")).Json(HttpStatusCode.OK);

        volume.Publish(bad);
        var deadline = DateTime.UtcNow + SwapDeadline;
        while (await Metric(client, "laba_predictor_model_refusals_total{model=\"MODEL_DIR\"}") < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the bad model was not refused in time");
            await Task.Delay(50);
        }

        Assert.Equal(version, await ReadyVersion(client));
        var after = await (await client.GetAsync("/predict?at=2025-06-02T15:00:00Z")).Json(HttpStatusCode.OK);
        Assert.Equal(before.GetRawText(), after.GetRawText());
        var refused = (await Model(client)).GetProperty(ModelEndpoints.RefusedKey);
        Assert.Equal(volume.Directory, refused.GetProperty("from").GetString());
        Assert.Contains(reason, refused.GetProperty("reason").GetString());
        await Task.Delay(1000);
        Assert.Equal(1, await Metric(client, "laba_predictor_model_refusals_total{model=\"MODEL_DIR\"}"));
        Assert.Equal(0, await Metric(client, "laba_predictor_model_reloads_total{model=\"MODEL_DIR\"}"));

        volume.Publish(models.OtherCalendarModel);
        await WaitForVersion(client, VersionOf(models.OtherCalendarModel));
        Assert.False((await Model(client)).TryGetProperty(ModelEndpoints.RefusedKey, out _));
    }

    [Fact]
    public async Task A_refusal_is_shown_only_while_the_store_holds_what_was_refused()
    {
        using var volume = new ModelVolume();
        volume.Publish(models.CalendarModel);
        var version = VersionOf(models.CalendarModel);
        await using var app = App(volume.Directory);
        var client = app.CreateClient();

        volume.Publish(models.CorruptModel);
        var deadline = DateTime.UtcNow + SwapDeadline;
        while (!(await Model(client)).TryGetProperty(ModelEndpoints.RefusedKey, out _))
        {
            Assert.True(DateTime.UtcNow < deadline, "the bad model was not refused in time");
            await Task.Delay(50);
        }

        // The store is put back to the model already served: nothing is reloaded, and nothing refused is there any more.
        volume.Publish(models.CalendarModel);
        deadline = DateTime.UtcNow + SwapDeadline;
        while ((await Model(client)).TryGetProperty(ModelEndpoints.RefusedKey, out _))
        {
            Assert.True(DateTime.UtcNow < deadline, "/model still shows a refusal of content the store no longer holds");
            await Task.Delay(50);
        }
        Assert.Equal(version, await ReadyVersion(client));
        Assert.Equal(0, await Metric(client, "laba_predictor_model_reloads_total{model=\"MODEL_DIR\"}"));
    }

    [Fact]
    public async Task An_empty_store_serves_the_bootstrap_until_a_model_is_published_into_it()
    {
        using var volume = new ModelVolume();
        await using var app = App(volume.Directory, new Dictionary<string, string> { [PredictorCatalogue.BootstrapModelDir.Env] = models.CalendarModel });
        var client = app.CreateClient();
        Assert.Equal(VersionOf(models.CalendarModel), await ReadyVersion(client));
        Assert.Equal(models.CalendarModel, (await Model(client)).GetProperty(ModelEndpoints.ServedKey).GetProperty("from").GetString());

        volume.Publish(models.OtherCalendarModel);
        await WaitForVersion(client, VersionOf(models.OtherCalendarModel));
        Assert.Equal(volume.Directory, (await Model(client)).GetProperty(ModelEndpoints.ServedKey).GetProperty("from").GetString());
        Assert.Equal(0, await Metric(client, "laba_predictor_model_refusals_total{model=\"MODEL_DIR\"}"));
    }

    [Fact]
    public async Task A_bad_store_at_start_serves_the_bootstrap_and_says_what_it_refused()
    {
        using var volume = new ModelVolume();
        volume.Publish(models.CorruptModel);
        await using var app = App(volume.Directory, new Dictionary<string, string> { [PredictorCatalogue.BootstrapModelDir.Env] = models.CalendarModel });
        var client = app.CreateClient();
        Assert.Equal(VersionOf(models.CalendarModel), await ReadyVersion(client));
        Assert.Contains("model.zip is not the archive this card was written with", (await Model(client)).GetProperty(ModelEndpoints.RefusedKey).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_pinned_version_refuses_any_other_so_a_promotion_cannot_replace_a_rollback()
    {
        using var volume = new ModelVolume();
        volume.Publish(models.CalendarModel);
        var pinned = VersionOf(models.CalendarModel);
        await using var app = App(volume.Directory, new Dictionary<string, string> { [PredictorCatalogue.ModelVersion.Env] = pinned });
        var client = app.CreateClient();
        Assert.Equal(pinned, await ReadyVersion(client));

        volume.Publish(models.OtherCalendarModel);
        var deadline = DateTime.UtcNow + SwapDeadline;
        while (!(await Model(client)).TryGetProperty(ModelEndpoints.RefusedKey, out _))
        {
            Assert.True(DateTime.UtcNow < deadline, "the unpinned version was not refused in time");
            await Task.Delay(50);
        }
        Assert.Equal(pinned, await ReadyVersion(client));
        Assert.Contains($"is not the one {PredictorCatalogue.ModelVersion.Env} pins ({pinned})",
            (await Model(client)).GetProperty(ModelEndpoints.RefusedKey).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_rewrite_that_keeps_the_files_size_and_time_is_still_seen()
    {
        var directory = models.Copy(models.CalendarModel);
        var archive = Path.Combine(directory, ForecastModel.ModelFileName);
        // A time the file system keeps exactly, so that setting it again gives the very same stamp.
        var written = new DateTime(2025, 6, 2, 10, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(archive, written);
        await using var app = App(directory);
        var client = app.CreateClient();
        Assert.Equal(VersionOf(models.CalendarModel), await ReadyVersion(client));

        // Same length, same modification time, other bytes: only reading them tells.
        var bytes = await File.ReadAllBytesAsync(archive);
        Array.Reverse(bytes);
        await File.WriteAllBytesAsync(archive, bytes);
        File.SetLastWriteTimeUtc(archive, written);

        var deadline = DateTime.UtcNow + SwapDeadline;
        while (await Metric(client, "laba_predictor_model_refusals_total{model=\"MODEL_DIR\"}") < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the rewritten model was not refused in time");
            await Task.Delay(50);
        }
        Assert.Equal(VersionOf(models.CalendarModel), await ReadyVersion(client));
    }
}
