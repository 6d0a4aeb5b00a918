using System.Text.Json;

namespace LabA.Trainer.Tests;

[Trait("Category", "Prometheus")]
public class PrometheusSourceTests(CloudWatchInPrometheus history) : IClassFixture<CloudWatchInPrometheus>
{
    private string[] Prometheus(string query, string? url = null) =>
        ["--prometheus", url ?? history.Server.Url, "--query", query, "--range", "15d", "--step", "5m", "--end", history.End];

    private static JsonElement Metrics(string directory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "model.json"))).RootElement;

    [Fact]
    public void Training_from_Prometheus_and_from_the_same_series_as_a_csv_give_the_same_holdout_metrics()
    {
        var fromCsv = TrainerProcess.Run(history.Directory, "train", "--data", "cpu.csv", "--out", "from-csv");
        Assert.True(fromCsv.ExitCode == 0, fromCsv.Error);
        var url = history.Server.Url.Replace("http://", "http://reader:s3cret@");
        var fromPrometheus = TrainerProcess.Run(history.Directory, ["train", .. Prometheus("cpu", url), "--out", "from-prometheus"]);
        Assert.True(fromPrometheus.ExitCode == 0, fromPrometheus.Error);

        var csvCard = Metrics(Path.Combine(history.Directory, "from-csv"));
        var promCard = Metrics(Path.Combine(history.Directory, "from-prometheus"));
        var csvMetrics = csvCard.GetProperty("metrics");
        var promMetrics = promCard.GetProperty("metrics");
        Assert.Equal(csvMetrics.GetProperty("from").GetString(), promMetrics.GetProperty("from").GetString());
        Assert.Equal(csvCard.GetProperty("data").GetProperty("evaluationExamples").GetInt32(), promCard.GetProperty("data").GetProperty("evaluationExamples").GetInt32());
        Assert.Equal(5, promCard.GetProperty("data").GetProperty("import").GetProperty("pointsFilled").GetInt32());
        Assert.Equal(csvMetrics.GetProperty("model").GetProperty("mae").GetDouble(), promMetrics.GetProperty("model").GetProperty("mae").GetDouble(), 6);
        foreach (var (csvBaseline, promBaseline) in csvMetrics.GetProperty("baselines").EnumerateArray().Zip(promMetrics.GetProperty("baselines").EnumerateArray()))
        {
            Assert.Equal(csvBaseline.GetProperty("name").GetString(), promBaseline.GetProperty("name").GetString());
            Assert.Equal(csvBaseline.GetProperty("mae").GetDouble(), promBaseline.GetProperty("mae").GetDouble(), 6);
        }

        var source = promCard.GetProperty("data").GetProperty("prometheus");
        Assert.Equal(history.Server.Url, source.GetProperty("url").GetString());
        Assert.Equal("cpu", source.GetProperty("query").GetString());
        Assert.Equal("00:05:00", source.GetProperty("step").GetString());
        Assert.DoesNotContain("s3cret", File.ReadAllText(Path.Combine(history.Directory, "from-prometheus", "model.json")));
        Assert.DoesNotContain("s3cret", fromPrometheus.Output);
    }

    [Fact]
    public void Evaluate_and_backtest_read_Prometheus_too()
    {
        var directory = Path.Combine(history.Directory, "for-evaluate");
        Assert.Equal(0, TrainerProcess.Run(history.Directory, ["train", .. Prometheus("cpu"), "--out", directory]).ExitCode);
        var evaluation = TrainerProcess.Run(history.Directory, ["evaluate", "--model", directory, .. Prometheus("cpu"), "--json"]);
        Assert.True(evaluation.ExitCode == 0, evaluation.Error);
        Assert.Equal("cpu", JsonDocument.Parse(evaluation.Output).RootElement.GetProperty("data").GetProperty("prometheus").GetProperty("query").GetString());

        var backtest = TrainerProcess.Run(history.Directory, ["backtest", "--model", directory, .. Prometheus("cpu"), "--out", Path.Combine(history.Directory, "backtest"), "--json"]);
        Assert.True(backtest.ExitCode == 0, backtest.Error);
        Assert.True(File.Exists(Path.Combine(history.Directory, "backtest", "backtest.csv")));
    }

    [Theory]
    [InlineData("sum((", "refused the query (bad_data): 1:6: parse error: unclosed left parenthesis")]
    [InlineData("no_such_metric", "query no_such_metric: no data between")]
    [InlineData("cpu_pair", "query cpu_pair: 2 series")]
    public void A_query_that_is_not_one_series_exits_2_with_one_line_and_writes_nothing(string query, string problem)
    {
        var output = Path.Combine(history.Directory, "refused-" + Guid.NewGuid().ToString("N"));
        var run = TrainerProcess.Run(history.Directory, ["train", .. Prometheus(query), "--out", output]);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(problem, line);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Data_and_prometheus_together_are_refused_naming_the_option()
    {
        var run = TrainerProcess.Run(history.Directory, ["train", "--data", "cpu.csv", .. Prometheus("cpu")]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --data: and --prometheus both name a series; give one", run.Error.Trim());
    }
}
