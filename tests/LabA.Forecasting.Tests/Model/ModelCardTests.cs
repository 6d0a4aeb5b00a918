using System.Text.Json;
using LabA.Domain.Predict;
using LabA.Forecasting.Model;

namespace LabA.Forecasting.Tests;

public class ModelCardTests
{
    private static ModelCard Card() => new()
    {
        Version = "20250120T101500Z-3fa2c1d0",
        CreatedAt = new DateTimeOffset(2025, 1, 20, 10, 15, 0, TimeSpan.Zero),
        FeatureSet = "recent",
        Features = ["Hour", "Last"],
        Target = "change",
        Horizon = TimeSpan.FromMinutes(5),
        Step = TimeSpan.FromMinutes(1),
        HistoryPoints = 1441,
        RollingWindow = TimeSpan.FromHours(1),
        Trainer = new TrainerInfo("fasttree", new Dictionary<string, string> { ["numberOfTrees"] = "200" }),
        Data = new DataInfo
        {
            File = "data/cpu_load.csv", Sha256 = "3fa2c1d0", ValueColumn = "cpu_percent", Rows = 20160,
            Start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2025, 1, 19, 23, 59, 0, TimeSpan.Zero),
            TrainingExamples = 14000, EvaluationExamples = 4000,
        },
        Metrics = new ForecastMetrics
        {
            From = new DateTimeOffset(2025, 1, 17, 4, 48, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2025, 1, 19, 23, 59, 0, TimeSpan.Zero),
            Model = new ErrorMetrics(4.2, 5.7, 0.89),
            Baselines = [new BaselineMetrics("persistence", "the last value at t", 5.9, 7.8, 0.8)],
            Irreducible = new ErrorMetrics(4.1, 5.6, 0.9),
        },
    };

    [Fact]
    public void The_card_has_the_field_names_the_issue_asks_for()
    {
        using var json = JsonDocument.Parse(ModelCardJson.Serialize(Card()));
        var root = json.RootElement;
        var metrics = root.GetProperty("metrics");
        Assert.Equal(4.2, metrics.GetProperty("model").GetProperty("mae").GetDouble());
        Assert.Equal(5.7, metrics.GetProperty("model").GetProperty("rmse").GetDouble());
        Assert.Equal(0.89, metrics.GetProperty("model").GetProperty("r2").GetDouble());
        Assert.Equal("persistence", metrics.GetProperty("baselines")[0].GetProperty("name").GetString());
        Assert.Equal(5.9, metrics.GetProperty("baselines")[0].GetProperty("mae").GetDouble());
        Assert.Equal("recent", root.GetProperty("featureSet").GetString());
        Assert.Equal("00:05:00", root.GetProperty("horizon").GetString());
        Assert.Equal("fasttree", root.GetProperty("trainer").GetProperty("name").GetString());
        Assert.Equal(20160, root.GetProperty("data").GetProperty("rows").GetInt32());
        Assert.Equal("3fa2c1d0", root.GetProperty("data").GetProperty("sha256").GetString());
        Assert.Equal("20250120T101500Z-3fa2c1d0", root.GetProperty("version").GetString());
    }

    [Fact]
    public void A_client_reads_the_served_card_out_of_the_full_card_as_written()
    {
        var card = Card();
        var read = JsonSerializer.Deserialize(ModelCardJson.Serialize(card), ServedModelCardJson.Default.ServedModelCard);
        Assert.Equal(card.Served(), read);
        Assert.True(read!.RequiresObservations);
        Assert.False((card with { HistoryPoints = 0 }).Served().RequiresObservations);
    }

    [Fact]
    public void A_card_whose_observations_are_optional_says_so_and_a_card_written_before_the_field_still_reads_as_requiring_them()
    {
        var optional = Card() with { HistoryPoints = 12, ObservationsOptional = true };
        var json = ModelCardJson.Serialize(optional);
        Assert.True(JsonDocument.Parse(json).RootElement.GetProperty("observationsOptional").GetBoolean());
        Assert.True(ModelCardJson.DeserializeCard(json).ObservationsOptional);
        var served = JsonSerializer.Deserialize(json, ServedModelCardJson.Default.ServedModelCard)!;
        Assert.Equal(optional.Served(), served);
        Assert.False(served.RequiresObservations);
        Assert.True(served.UsesObservations);

        // A card from before the field: no observationsOptional at all, so a model with history needs its observations.
        var node = System.Text.Json.Nodes.JsonNode.Parse(ModelCardJson.Serialize(Card()))!.AsObject();
        Assert.True(node.Remove("observationsOptional"));
        var old = node.ToJsonString();
        Assert.False(ModelCardJson.DeserializeCard(old).ObservationsOptional);
        var oldServed = JsonSerializer.Deserialize(old, ServedModelCardJson.Default.ServedModelCard)!;
        Assert.False(oldServed.ObservationsOptional);
        Assert.True(oldServed.RequiresObservations);
    }

    [Fact]
    public void The_card_reads_back_as_written_even_with_an_undefined_r2()
    {
        var card = Card() with { Metrics = Card().Metrics with { Model = new ErrorMetrics(1, 1, double.NaN) } };
        var json = ModelCardJson.Serialize(card);
        var read = ModelCardJson.DeserializeCard(json);
        Assert.Equal(json, ModelCardJson.Serialize(read));
        Assert.True(double.IsNaN(read.Metrics.Model.R2));
    }

    [Fact]
    public void Text_that_is_not_a_card_is_refused()
    {
        Assert.ThrowsAny<JsonException>(() => ModelCardJson.DeserializeCard("{\"version\": 3"));
        Assert.ThrowsAny<JsonException>(() => ModelCardJson.DeserializeCard("{}"));
    }

    private static ModelCard WithResiduals(Func<double, double> quantileAt) => Card() with
    {
        Residuals = new ForecastResiduals
        {
            Source = "validation slice", From = Card().Metrics.From, To = Card().Metrics.To, Examples = 500,
            Quantiles = ForecastResiduals.Grid().ToDictionary(ForecastResiduals.Key, quantileAt),
        },
    };

    [Fact]
    public void A_trained_card_with_honest_error_quantiles_is_servable()
    {
        Assert.Null(ModelCardValidation.Problem(Card()));
        Assert.Null(ModelCardValidation.Problem(WithResiduals(level => (level - 0.5) * 20)));
    }

    public static TheoryData<string, ModelCard> ImpossibleCards => new()
    {
        { "version:", Card() with { Version = "" } },
        { "version:", Card() with { Version = "v1\nfake_metric 1" } },
        { "step:", Card() with { Step = TimeSpan.Zero } },
        { "step:", Card() with { Step = TimeSpan.FromDays(2), Horizon = TimeSpan.FromDays(4) } },
        { "horizon:", Card() with { Horizon = TimeSpan.FromDays(36500) } },
        { "horizon:", Card() with { Horizon = TimeSpan.FromSeconds(90) } },
        { "horizon:", Card() with { Horizon = -TimeSpan.FromMinutes(5) } },
        { "rollingWindow:", Card() with { RollingWindow = TimeSpan.FromSeconds(1) } },
        { "historyPoints:", Card() with { HistoryPoints = -1 } },
        // Trained on instants the loop refuses: the year 9999 (ahead of any clock), the year 1.
        { "data.end: 9999-01-01T00:00:00Z is more than 24 hours ahead", Card() with { Data = Card().Data with { End = new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero) } } },
        { "data.start: 0001-01-01T00:00:00Z is before 2000-01-01", Card() with { Data = Card().Data with { Start = DateTimeOffset.MinValue } } },
        { "metrics.model.mae:", Card() with { Metrics = Card().Metrics with { Model = new ErrorMetrics(double.NaN, 1, 1) } } },
        { "residuals.quantiles.0.95: NaN", WithResiduals(level => level == 0.95 ? double.NaN : 1) },
        { "residuals.quantiles.0.50: -Infinity", WithResiduals(level => level == 0.5 ? double.NegativeInfinity : 1) },
        { "residuals.quantiles.0.61: 0 is below", WithResiduals(level => level == 0.61 ? 0 : 1) },
        { "residuals.quantiles.0.50: -1000000000 is implausible", WithResiduals(_ => -1e9) },
        { "residuals.quantiles.0.99: 1000000 is implausible", WithResiduals(level => level == 0.99 ? 1e6 : 1) },
        { "residuals.examples:", WithResiduals(_ => 1) with { Residuals = WithResiduals(_ => 1).Residuals! with { Examples = 0 } } },
    };

    [Theory]
    [MemberData(nameof(ImpossibleCards))]
    public void An_impossible_card_value_is_named_by_its_path(string problem, ModelCard card) =>
        Assert.StartsWith(problem, ModelCardValidation.Problem(card));

    [Fact]
    public void The_archive_binding_holds_for_its_own_bytes_and_training_fields_only()
    {
        byte[] archive = [80, 75, 3, 4, 1, 2, 3];
        var card = Card();
        var binding = ArchiveInfo.Of("model.zip", archive, card);
        Assert.Equal(7, binding.Bytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(archive)), binding.Sha256);
        Assert.Null(binding.Mismatch(archive, card));
        // What the training run did not decide may change (a later Trainer adds fields, an operator reads the metrics).
        Assert.Null(binding.Mismatch(archive, card with { Metrics = card.Metrics with { Model = new ErrorMetrics(1, 2, 0.5) } }));

        Assert.Contains("different training runs", binding.Mismatch([80, 75, 3, 4, 1, 2, 4], card));
        Assert.Contains("edited after training", binding.Mismatch(archive, card with { Step = TimeSpan.FromMinutes(5) }));
        Assert.Contains("edited after training", binding.Mismatch(archive, card with { Horizon = TimeSpan.FromMinutes(10) }));
        Assert.Contains("edited after training", binding.Mismatch(archive, card with { Features = ["Last", "Hour"] }));
    }

    [Theory]
    [InlineData("/home/alice/data/cpu_load.csv", "cpu_load.csv")]
    [InlineData("data/cpu_load.csv", "cpu_load.csv")]
    [InlineData("cpu_load.csv", "cpu_load.csv")]
    [InlineData("http://prometheus:9090/api/v1/query_range?query=cpu", "http://prometheus:9090/api/v1/query_range?query=cpu")]
    public void A_data_file_is_named_without_its_directories(string source, string named) =>
        Assert.Equal(named, DataSourceName.Of(source));
}
