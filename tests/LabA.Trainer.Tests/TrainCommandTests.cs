using System.Text.Json;

namespace LabA.Trainer.Tests;

[Trait("Category", "Process")]
public class TrainCommandTests(GeneratedSeries generated) : IClassFixture<GeneratedSeries>
{
    [Fact]
    public void Train_writes_model_and_card_and_reports_the_model_beside_the_baselines()
    {
        var run = generated.CalendarTraining;
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("persistence", run.Output);
        Assert.Contains("irreducible", run.Output);
        Assert.Contains("The model beats every baseline on MAE", run.Output);

        var directory = Path.Combine(generated.Directory, "model");
        Assert.True(File.Exists(Path.Combine(directory, "model.zip")));
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "model.json")));
        var metrics = card.RootElement.GetProperty("metrics");
        var modelMae = metrics.GetProperty("model").GetProperty("mae").GetDouble();
        Assert.All(metrics.GetProperty("baselines").EnumerateArray(), baseline => Assert.True(modelMae < baseline.GetProperty("mae").GetDouble()));
        Assert.Equal("calendar", card.RootElement.GetProperty("featureSet").GetString());
        Assert.Equal("00:05:00", card.RootElement.GetProperty("horizon").GetString());
        Assert.Equal(64, card.RootElement.GetProperty("data").GetProperty("sha256").GetString()!.Length);
    }

    [Fact]
    public void Evaluate_scores_a_model_on_another_series_as_json()
    {
        Assert.Equal(0, TrainerProcess.Run(generated.Directory, "generate", "--days", "2", "--seed", "8", "--out", "other.csv").ExitCode);

        var run = TrainerProcess.Run(generated.Directory, "evaluate", "--model", "model-recent", "--data", "other.csv", "--json");
        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(run.Output);
        Assert.Equal("recent", report.RootElement.GetProperty("featureSet").GetString());
        Assert.True(report.RootElement.GetProperty("metrics").GetProperty("model").GetProperty("mae").GetDouble() > 0);
        Assert.Contains(report.RootElement.GetProperty("metrics").GetProperty("baselines").EnumerateArray(),
            baseline => baseline.GetProperty("name").GetString() == "persistence");
    }

    [Fact]
    public void Evaluating_on_the_training_file_warns_that_the_score_flatters_the_model()
    {
        var run = TrainerProcess.Run(generated.Directory, "evaluate", "--model", "model", "--data", "data/cpu_load.csv");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("warning: data/cpu_load.csv is the file this model was trained on", run.Error);
        Assert.Contains("persistence", run.Output);
    }

    [Fact]
    public void A_series_at_another_step_is_refused_in_one_line()
    {
        File.WriteAllText(Path.Combine(generated.Directory, "five-minutes.csv"),
            "timestamp,value\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"{1_700_000_000 + 300 * i},{i % 50}\n")));
        var run = TrainerProcess.Run(generated.Directory, "evaluate", "--model", "model-recent", "--data", "five-minutes.csv");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: the series step 5m does not fit this model (step 1m, horizon 5m)", run.Error.Trim());
    }
}
