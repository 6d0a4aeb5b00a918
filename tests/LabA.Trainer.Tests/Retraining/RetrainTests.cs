using System.IO.Compression;
using System.Text;
using System.Text.Json;
using k8s;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Model;
using LabA.Trainer.Retraining;

namespace LabA.Trainer.Tests.Retraining;

/// <summary>The retrain job against a real Prometheus and the Kubernetes API stand-in, under the Role the stack grants it.</summary>
[Trait("Category", "Prometheus")]
public sealed class RetrainTests(RetrainHistory history) : IClassFixture<RetrainHistory>
{
    private const string StorePatch = "PATCH /api/v1/namespaces/default/configmaps/" + Names.ModelStore;

    private static JsonElement Promotion(byte[] card) => JsonDocument.Parse(card).RootElement.GetProperty("promotion");

    private static JsonElement Scores(byte[] card) => Promotion(card).GetProperty("scores");

    private static int Patches(KubernetesApiStandIn kubernetes) => kubernetes.Requests.Count(request => request == StorePatch);

    private static IReadOnlyDictionary<string, byte[]> Stored(KubernetesApiStandIn kubernetes) =>
        kubernetes.ConfigMapBinaryData(RetrainHistory.Namespace, Names.ModelStore);

    /// <summary>The store as the Predictor would see it: laid out as the kubelet mounts it, then verified as the Predictor verifies.</summary>
    private static ModelVerification Served(KubernetesApiStandIn kubernetes)
    {
        var volume = TrainerProcess.NewWorkingDirectory();
        KubeletConfigMapVolume.Write(volume, Stored(kubernetes));
        return ModelDirectory.Verify(volume);
    }

    [Fact]
    public async Task A_better_challenger_is_promoted_the_champion_kept_for_rollback_and_both_scores_recorded()
    {
        await using var kubernetes = await RetrainHistory.ClusterAsync(RetrainHistory.Serving(history.PoorChampion));
        var (outcome, log) = await history.RetrainAsync(kubernetes, history.Settings(RetrainHistory.Load));

        Assert.Equal(RetrainOutcome.Promoted, outcome);
        var stored = Stored(kubernetes);
        Assert.Equal(history.PoorChampion.Archive, stored[ModelStoreKeys.PreviousArchive]);
        Assert.Equal(history.PoorChampion.Card, stored[ModelStoreKeys.PreviousCard]);
        var promotion = Promotion(stored[ModelStoreKeys.Card]);
        var scores = Scores(stored[ModelStoreKeys.Card]);
        var poorVersion = JsonDocument.Parse(history.PoorChampion.Card).RootElement.GetProperty("version").GetString();
        Assert.Equal(LabA.Forecasting.Promotion.PromotionRecord.Promoted, promotion.GetProperty("decision").GetString());
        Assert.Equal(poorVersion, scores.GetProperty("champion").GetProperty("name").GetString());
        var challengerMae = scores.GetProperty("challenger").GetProperty("mae").GetDouble();
        Assert.True(challengerMae < scores.GetProperty("champion").GetProperty("mae").GetDouble() * 0.98);
        Assert.All(scores.GetProperty("baselines").EnumerateArray(), baseline => Assert.True(challengerMae < baseline.GetProperty("mae").GetDouble()));
        Assert.Contains(scores.GetProperty("baselines").EnumerateArray(), baseline => baseline.GetProperty("name").GetString() == "holt-winters");
        // Scored as served, on the challenger's own hold-out: the same number its training reported.
        var card = JsonDocument.Parse(stored[ModelStoreKeys.Card]).RootElement;
        Assert.Equal(card.GetProperty("metrics").GetProperty("model").GetProperty("mae").GetDouble(), challengerMae, 9);

        using var served = Served(kubernetes).Model;
        Assert.NotNull(served);
        Assert.Equal(card.GetProperty("version").GetString(), served.Card.Version);
        var recorded = Assert.Single(kubernetes.Events);
        Assert.Equal(RetrainJob.PromotedReason, (string?)recorded["reason"]);
        Assert.Equal(Names.ModelStore, (string?)recorded["involvedObject"]!["name"]);
        Assert.Contains(poorVersion!, (string?)recorded["message"]);
        Assert.Contains("retrain: promoted", log);
    }

    [Fact]
    public async Task A_challenger_not_better_than_the_champion_by_the_margin_is_not_promoted_and_says_why()
    {
        var before = RetrainHistory.Serving(history.Champion);
        await using var kubernetes = await RetrainHistory.ClusterAsync(before);
        var directory = TrainerProcess.NewWorkingDirectory();
        var (outcome, log) = await history.RetrainAsync(kubernetes, history.Settings(RetrainHistory.Load, outDirectory: directory));

        Assert.Equal(RetrainOutcome.Kept, outcome);
        Assert.Equal(0, Patches(kubernetes));
        Assert.Equal(before, Stored(kubernetes));
        var recorded = Assert.Single(kubernetes.Events);
        Assert.Equal(RetrainJob.KeptReason, (string?)recorded["reason"]);
        Assert.Contains("not better than the champion", (string?)recorded["message"]);
        Assert.Contains("margin of 2 %", (string?)recorded["message"]);
        Assert.Contains("not promoted", log);
        // The challenger's card carries the decision and the champion's score beside its own.
        var card = File.ReadAllBytes(Path.Combine(directory, ForecastModel.CardFileName));
        Assert.Equal(LabA.Forecasting.Promotion.PromotionRecord.Kept, Promotion(card).GetProperty("decision").GetString());
        Assert.True(Scores(card).GetProperty("champion").GetProperty("mae").GetDouble() > 0);
    }

    [Fact]
    public async Task A_challenger_that_loses_to_a_baseline_is_not_promoted_even_into_an_empty_store()
    {
        // A flat load with rare spikes: the rolling mean forecasts it better than a calendar model can, so a challenger
        // trained as one (auto would serve the rolling mean itself) loses to it.
        await using var kubernetes = await RetrainHistory.ClusterAsync();
        var (outcome, _) = await history.RetrainAsync(kubernetes, history.Settings(RetrainHistory.OtherLoad, Trainers.FastTree));

        Assert.Equal(RetrainOutcome.Kept, outcome);
        Assert.Equal(0, Patches(kubernetes));
        Assert.Empty(Stored(kubernetes));
        Assert.Contains("does not beat rolling-mean", (string?)Assert.Single(kubernetes.Events)["message"]);
    }

    [Fact]
    public async Task A_challenger_that_serves_a_baseline_is_promoted_when_it_beats_the_others_and_the_record_says_which_it_is()
    {
        // The same flat load: served as the rolling mean it cannot beat itself, and beats every other baseline.
        await using var kubernetes = await RetrainHistory.ClusterAsync();
        var (outcome, log) = await history.RetrainAsync(kubernetes, history.Settings(RetrainHistory.OtherLoad, ForecasterKinds.RollingMean));

        Assert.True(outcome == RetrainOutcome.Promoted, log);
        var stored = Stored(kubernetes)[ModelStoreKeys.Card];
        Assert.Equal(ForecasterKinds.RollingMean, JsonDocument.Parse(stored).RootElement.GetProperty("kind").GetString());
        var scores = Scores(stored);
        Assert.Equal(ForecasterKinds.RollingMean, scores.GetProperty("challengerBaseline").GetString());
        var challengerMae = scores.GetProperty("challenger").GetProperty("mae").GetDouble();
        var baselines = scores.GetProperty("baselines").EnumerateArray().ToArray();
        Assert.Equal(challengerMae, baselines.Single(baseline => baseline.GetProperty("name").GetString() == ForecasterKinds.RollingMean).GetProperty("mae").GetDouble(), 9);
        Assert.All(baselines.Where(baseline => baseline.GetProperty("name").GetString() != ForecasterKinds.RollingMean),
            baseline => Assert.True(challengerMae < baseline.GetProperty("mae").GetDouble()));
        var message = (string?)Assert.Single(kubernetes.Events)["message"];
        Assert.Contains("(the rolling-mean baseline)", message);
        Assert.Contains("beats every other baseline", message);
        using var served = Served(kubernetes).Model;
        Assert.NotNull(served);
    }

    [Fact]
    public async Task A_mismatched_model_in_the_store_is_neither_champion_nor_kept_for_rollback()
    {
        var mismatched = new Dictionary<string, byte[]>
        {
            [ModelStoreKeys.Archive] = history.Champion.Archive,
            [ModelStoreKeys.Card] = history.PoorChampion.Card,
        };
        await using var kubernetes = await RetrainHistory.ClusterAsync(mismatched);
        var (outcome, _) = await history.RetrainAsync(kubernetes, history.Settings(RetrainHistory.Load));

        Assert.Equal(RetrainOutcome.Promoted, outcome);
        var stored = Stored(kubernetes);
        Assert.False(stored.ContainsKey(ModelStoreKeys.PreviousArchive));
        Assert.False(stored.ContainsKey(ModelStoreKeys.PreviousCard));
        Assert.Contains("failed verification", (string?)Assert.Single(kubernetes.Events)["message"]);
        Assert.Contains("failed verification", Promotion(stored[ModelStoreKeys.Card]).GetProperty("championNote").GetString());
        using var served = Served(kubernetes).Model;
        Assert.NotNull(served);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_publish_whose_answer_is_lost_after_it_landed_is_read_back_and_counts_as_published(bool late)
    {
        await using var kubernetes = await RetrainHistory.ClusterAsync(RetrainHistory.Serving(history.Champion));
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = kubernetes.Url, HttpClientTimeout = TimeSpan.FromMilliseconds(500) });
        var store = new ModelStore(client, new ModelStoreAddress(RetrainHistory.Namespace, Names.ModelStore));
        var read = await store.ReadAsync(CancellationToken.None);
        // Applied, then answered past the client's timeout, or never (the connection drops).
        kubernetes.AfterApply = async request =>
        {
            if (request != StorePatch) return true;
            if (!late) return false;
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            return true;
        };

        Assert.True(await store.TryPublishAsync(read, history.PoorChampion, keepCurrent: true, CancellationToken.None));
        Assert.Equal(history.PoorChampion.Archive, Stored(kubernetes)[ModelStoreKeys.Archive]);
    }

    [Fact]
    public async Task The_store_refuses_a_mismatched_pair_and_a_model_over_the_size_limit_before_any_write()
    {
        await using var kubernetes = await RetrainHistory.ClusterAsync(RetrainHistory.Serving(history.Champion));
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = kubernetes.Url });
        var store = new ModelStore(client, new ModelStoreAddress(RetrainHistory.Namespace, Names.ModelStore));
        var read = await store.ReadAsync(CancellationToken.None);

        var mismatch = await Assert.ThrowsAsync<ModelStoreException>(() =>
            store.TryPublishAsync(read, new ModelUnit(history.Champion.Archive, history.PoorChampion.Card), keepCurrent: true, CancellationToken.None));
        Assert.Contains("not the archive this card was written with", mismatch.Message);

        var oversized = Padded(history.PoorChampion, Defaults.ConfigMapSizeLimit);
        using (var verified = oversized.Verify().Model) Assert.NotNull(verified);
        var tooLarge = await Assert.ThrowsAsync<ModelStoreException>(() => store.TryPublishAsync(read, oversized, keepCurrent: true, CancellationToken.None));
        Assert.Contains("over the 1024 KiB the API server accepts for one ConfigMap", tooLarge.Message);

        Assert.Equal(0, Patches(kubernetes));
        Assert.Equal(RetrainHistory.Serving(history.Champion), Stored(kubernetes));
    }

    [Fact]
    public async Task Too_little_history_is_skipped_with_the_reason_and_nothing_is_trained_or_written()
    {
        var before = RetrainHistory.Serving(history.Champion);
        await using var kubernetes = await RetrainHistory.ClusterAsync(before);
        var (outcome, log) = await history.RetrainAsync(kubernetes, history.Settings(RetrainHistory.ShortLoad));

        Assert.Equal(RetrainOutcome.Skipped, outcome);
        Assert.DoesNotContain("trained challenger", log);
        Assert.Equal(0, Patches(kubernetes));
        Assert.Equal(before, Stored(kubernetes));
        var recorded = Assert.Single(kubernetes.Events);
        Assert.Equal(RetrainJob.SkippedReason, (string?)recorded["reason"]);
        Assert.Equal("Warning", (string?)recorded["type"]);
        Assert.Contains("cover 2 days", (string?)recorded["message"]);
        Assert.Contains("needs 5 days", (string?)recorded["message"]);
    }

    [Theory]
    [InlineData(RetrainHistory.NegativeLoad, "is outside the loads the Predictor serves (0 to 1e9, finite)")]
    [InlineData(RetrainHistory.HugeLoad, "value 1E+300 is outside the loads the Predictor serves")]
    public async Task A_history_the_Predictor_could_not_serve_is_refused_with_one_line_naming_the_sample_and_a_warning_event(string query, string problem)
    {
        var before = RetrainHistory.Serving(history.Champion);
        await using var kubernetes = await RetrainHistory.ClusterAsync(before);
        var failure = await Assert.ThrowsAsync<Forecasting.Series.SeriesFormatException>(() => history.RetrainAsync(kubernetes, history.Settings(query)));

        Assert.Contains(problem, failure.Message);
        Assert.Matches(@"query .*: sample at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: value ", failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.Equal(0, Patches(kubernetes));
        Assert.Equal(before, Stored(kubernetes));
        var recorded = Assert.Single(kubernetes.Events);
        Assert.Equal(("Warning", RetrainJob.FailedReason), ((string?)recorded["type"], (string?)recorded["reason"]));
        Assert.Contains(problem, (string?)recorded["message"]);
    }

    [Fact]
    public async Task A_write_that_meets_a_changed_store_reads_it_again_and_decides_again()
    {
        await using var kubernetes = await RetrainHistory.ClusterAsync(RetrainHistory.Serving(history.PoorChampion));
        kubernetes.FailNext(StorePatch, 409);
        var (outcome, log) = await history.RetrainAsync(kubernetes, history.Settings(RetrainHistory.Load));

        Assert.Equal(RetrainOutcome.Promoted, outcome);
        Assert.Equal(2, Patches(kubernetes));
        Assert.Equal(2, kubernetes.Requests.Count(request => request == "GET /api/v1/namespaces/default/configmaps/" + Names.ModelStore));
        Assert.Contains("409 Conflict", log);
        Assert.Equal(history.PoorChampion.Archive, Stored(kubernetes)[ModelStoreKeys.PreviousArchive]);
    }

    [Fact]
    public async Task A_publish_the_API_server_refuses_fails_with_one_line_and_a_warning_event_on_the_store()
    {
        await using var kubernetes = await RetrainHistory.ClusterAsync(RetrainHistory.Serving(history.PoorChampion));
        kubernetes.FailNext(StorePatch, 403);
        var failure = await Assert.ThrowsAsync<KubernetesApi.KubernetesCallException>(
            () => history.RetrainAsync(kubernetes, history.Settings(RetrainHistory.Load)));

        Assert.Contains("refused 'patch' on configmaps", failure.Message);
        var recorded = Assert.Single(kubernetes.Events);
        Assert.Equal(("Warning", RetrainJob.FailedReason), ((string?)recorded["type"], (string?)recorded["reason"]));
        Assert.Contains("nothing was published", (string?)recorded["message"]);
        Assert.Equal(history.PoorChampion.Archive, Stored(kubernetes)[ModelStoreKeys.Archive]);
    }

    /// <summary><paramref name="unit"/> with an incompressible entry added to its archive and the card bound to the new bytes: still one valid model, just large.</summary>
    private static ModelUnit Padded(ModelUnit unit, int padding)
    {
        using var archive = new MemoryStream();
        archive.Write(unit.Archive);
        using (var zip = new ZipArchive(archive, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("padding.bin", CompressionLevel.NoCompression).Open();
            entry.Write(System.Security.Cryptography.RandomNumberGenerator.GetBytes(padding));
        }
        var bytes = archive.ToArray();
        var card = ModelCardJson.DeserializeCard(Encoding.UTF8.GetString(unit.Card));
        return new ModelUnit(bytes, Encoding.UTF8.GetBytes(ModelCardJson.Serialize(card with { Archive = ArchiveInfo.Of(ForecastModel.ModelFileName, bytes, card) })));
    }
}
