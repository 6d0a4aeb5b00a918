using System.Text.Json;
using LabA.Domain.Model;

namespace LabA.Domain.Tests;

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
}
