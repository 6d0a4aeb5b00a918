using System.Globalization;
using System.Text.Json;

namespace LabA.Trainer.Tests;

/// <summary><c>backtest --prometheus URL --query Q --per-replica N</c>: a real workload's history replayed with per-replica capacity.</summary>
[Trait("Category", "Prometheus")]
public sealed class BacktestPerReplicaTests(CloudWatchInPrometheus history) : IClassFixture<CloudWatchInPrometheus>
{
    private string[] Prometheus => ["--prometheus", history.Server.Url, "--query", "cpu", "--range", "15d", "--step", "5m", "--end", history.End];

    [Fact]
    public void Demand_is_the_load_over_the_capacity_rounded_up_within_the_bounds_and_the_report_says_so()
    {
        var model = Path.Combine(history.Directory, "per-replica-model");
        var train = TrainerProcess.Run(history.Directory, ["train", .. Prometheus, "--trainer", "rolling-mean", "--out", model]);
        Assert.True(train.ExitCode == 0, train.Error);
        var output = Path.Combine(history.Directory, "per-replica");
        var run = TrainerProcess.Run(history.Directory,
            ["backtest", "--model", model, .. Prometheus, "--per-replica", "10", "--min-replicas", "4", "--max-replicas", "8", "--out", output, "--json"]);
        Assert.True(run.ExitCode == 0, run.Error);

        var settings = JsonDocument.Parse(run.Output).RootElement.GetProperty("settings");
        Assert.Equal((10.0, 4, 8), (settings.GetProperty("perReplica").GetDouble(), settings.GetProperty("minReplicas").GetInt32(), settings.GetProperty("maxReplicas").GetInt32()));
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("cpuLow").ValueKind);
        var csv = File.ReadLines(Path.Combine(output, "backtest.csv")).ToArray();
        Assert.StartsWith("timestamp,load,forecast_plus_margin,demand_replicas,", csv[0]);
        var rows = csv.Skip(1).Select(line => line.Split(','))
            .Select(cells => (Load: double.Parse(cells[1], CultureInfo.InvariantCulture), Demand: int.Parse(cells[3], CultureInfo.InvariantCulture))).ToArray();
        Assert.NotEmpty(rows);
        // The CSV rounds the load to 0.001: a load that close to a multiple of the capacity may round either way.
        Assert.All(rows, row => Assert.Contains(row.Demand, new[] { row.Load - 0.0005, row.Load + 0.0005 }.Select(load => Math.Clamp((int)Math.Ceiling(load / 10), 4, 8))));
        // The replay's loads (28..100 CPU%) reach both bounds, so the clamp is exercised at each end as well as between.
        Assert.Contains(rows, row => row.Load < 10 * 3 && row.Demand == 4);
        Assert.Contains(rows, row => row.Demand is > 4 and < 8);
        Assert.Contains(rows, row => row.Load > 10 * 8 && row.Demand == 8);
    }
}

/// <summary>The backtest's mapping options are checked before anything is read: each error names its option.</summary>
[Trait("Category", "Process")]
public sealed class BacktestMappingOptionTests
{
    [Theory]
    [InlineData("--per-replica: 0 must be a number > 0", "--per-replica", "0")]
    [InlineData("--per-replica: not with --cpu-low: per-replica capacity replaces the CPU band", "--per-replica", "5", "--cpu-low", "10")]
    [InlineData("--per-replica: not with --cpu-high", "--per-replica", "5", "--cpu-high", "90")]
    [InlineData("--min-replicas: 5 is greater than --max-replicas (3)", "--per-replica", "5", "--min-replicas", "5", "--max-replicas", "3")]
    [InlineData("--load-unit: percent-of-max does not apply with --per-replica", "--per-replica", "5", "--load-unit", "percent-of-max")]
    [InlineData("--cpu-low: 90 must be below --cpu-high (80)", "--cpu-low", "90", "--cpu-high", "80")]
    public void A_bad_mapping_exits_2_naming_the_option(string message, params string[] options)
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        var run = TrainerProcess.Run(directory, ["backtest", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.False(Directory.Exists(Path.Combine(directory, "out")));
    }
}
