using System.Buffers.Binary;
using System.Text.Json;
using LabA.Trainer.Backtest;

namespace LabA.Trainer.Tests;

[Trait("Category", "Process")]
public class BacktestCommandTests(WholeLabRun lab) : IClassFixture<WholeLabRun>
{
    [Fact]
    public void With_no_arguments_the_trainer_trains_backtests_and_says_where_everything_is()
    {
        Assert.True(lab.Run.ExitCode == 0, lab.Run.Error);
        Assert.Contains("[2/3] Trained", lab.Run.Output);
        Assert.Contains("the model never trained on it", lab.Run.Output);
        Assert.Contains("predictive", lab.Run.Output);
        Assert.Contains("static-mean", lab.Run.Output);
        Assert.Contains("Chart: out/backtest/backtest.png", lab.Run.Output);
        Assert.True(File.Exists(Path.Combine(lab.Directory, "model", "model.zip")));

        var csv = File.ReadAllLines(Path.Combine(lab.Directory, "out", "backtest", "backtest.csv"));
        Assert.StartsWith("timestamp,load_percent,forecast_plus_margin_percent,demand_replicas,predictive_ready,predictive_replicas,"
            + "predictive-calibrated_ready,predictive-calibrated_replicas,open-loop_ready,open-loop_replicas,reactive_ready", csv[0]);
        Assert.Equal(3 * 1440 / 5 + 1, csv.Length); // a row per minute of the last 20% of three days, plus the header
        AssertPng(Path.Combine(lab.Directory, "out", "backtest", "backtest.png"), BacktestChart.Width, BacktestChart.Height);
    }

    [Fact]
    public void Backtest_replays_the_hold_out_and_reports_every_policy_as_json()
    {
        var run = TrainerProcess.Run(lab.Directory, "backtest", "--json", "--out", "json-run");
        Assert.True(run.ExitCode == 0, run.Error);
        using var report = JsonDocument.Parse(run.Output);
        var root = report.RootElement;
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(lab.Directory, "model", "model.json")));
        var firstHoldoutTarget = card.RootElement.GetProperty("metrics").GetProperty("from").GetDateTimeOffset();

        Assert.True(root.GetProperty("replay").GetProperty("from").GetDateTimeOffset() >= firstHoldoutTarget);
        Assert.Equal(["predictive", "predictive-calibrated", "open-loop", "reactive", "oracle", "static-max", "static-mean"],
            root.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var staticMax = root.GetProperty("policies")[5].GetProperty("metrics");
        // Both closed loops count how often their provisioned peak covered the observed one; only the calibrated one moves its margin.
        var (fixedMargin, calibrated) = (root.GetProperty("policies")[0], root.GetProperty("policies")[1]);
        Assert.InRange(fixedMargin.GetProperty("coverage").GetDouble(), 0, 1);
        Assert.Equal(JsonValueKind.Null, fixedMargin.GetProperty("margin").ValueKind);
        Assert.InRange(calibrated.GetProperty("coverage").GetDouble(), 0, 1);
        Assert.True(double.IsFinite(calibrated.GetProperty("margin").GetDouble()));
        // The calibration starts at the model's margin for the asked quantile: the run's provisioning margin, in CPU%.
        Assert.Equal(root.GetProperty("provisioning").GetProperty("margin").GetDouble(), calibrated.GetProperty("marginStart").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("policies")[2].GetProperty("coverage").ValueKind);
        Assert.Equal(0, staticMax.GetProperty("underProvisionedMinutes").GetDouble());
        Assert.True(root.GetProperty("verdict").TryGetProperty("underProvisionedReductionVsReactive", out _));
        Assert.True(File.Exists(Path.Combine(lab.Directory, "json-run", "backtest.csv")));
        // Each closed-loop run with a calibration, with the observed peak it was counted against, for both closed loops.
        var calibrationCsv = root.GetProperty("files").GetProperty("calibration").GetString()!;
        Assert.Equal(Path.Combine("json-run", BacktestJob.CalibrationCsvFileName), calibrationCsv);
        var runs = File.ReadAllLines(Path.Combine(lab.Directory, calibrationCsv)).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(["predictive", "predictive-calibrated"], runs.Select(fields => fields[0]).Distinct());
        var counted = runs.Where(fields => fields[0] == "predictive-calibrated" && fields[8] != "").ToList();
        Assert.InRange(counted.Count(fields => fields[8] == "true") / (double)counted.Count, calibrated.GetProperty("coverage").GetDouble() - 0.02,
            calibrated.GetProperty("coverage").GetDouble() + 0.02);
    }

    [Fact]
    public void A_replay_inside_the_training_period_is_refused_naming_the_option()
    {
        var run = TrainerProcess.Run(lab.Directory, "backtest", "--from", "2025-01-06T12:00:00Z", "--out", "refused");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--from", run.Error);
        Assert.Contains("never saw", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.False(Directory.Exists(Path.Combine(lab.Directory, "refused")));
    }

    [Theory]
    [InlineData("--startup-delay", "1.5s")]
    [InlineData("--hpa-sync", "0s")]
    [InlineData("--to", "tomorrow")]
    [InlineData("--from", "2025-01-08T20:00:00.5Z")] // inside the hold-out, but not a whole second
    [InlineData("--load-unit", "passengers")]
    public void Bad_options_get_one_line_naming_them(string option, string value)
    {
        var run = TrainerProcess.Run(lab.Directory, "backtest", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    internal static void AssertPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }
}
