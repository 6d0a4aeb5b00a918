using System.Text.Json;

namespace LabA.Trainer.Tests;

/// <summary>The real exports users bring train with default options, and the import says on stdout and in the card what it did.</summary>
[Trait("Category", "Process")]
public class RealExportTests
{
    public static string SamplePath(string file) => Path.Combine(AppContext.BaseDirectory, "samples", file);

    [Theory]
    [InlineData("cloudwatch/ec2_cpu_utilization_ac20cd.csv", 5)]
    [InlineData("cloudwatch/rds_cpu_utilization_e47b3b.csv", 0)]
    [InlineData("cloudwatch/ec2_network_in_257a54.csv", 2)]
    [InlineData("cloudwatch/ec2_network_in_5abac7.csv", 0)]
    [InlineData("cloudwatch/grok_asg_anomaly.csv", 0)]
    [InlineData("nyc_taxi.csv", 0)]
    public void Every_shared_export_trains_with_default_options(string file, int filled)
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        var run = TrainerProcess.Run(directory, "train", "--data", SamplePath(file));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Import: ", run.Output);

        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "model", "model.json")));
        var import = card.RootElement.GetProperty("data").GetProperty("import");
        Assert.Equal(filled, import.GetProperty("pointsFilled").GetInt32());
        Assert.True(card.RootElement.GetProperty("metrics").GetProperty("model").GetProperty("mae").GetDouble() > 0);
    }

    [Fact]
    public void Two_values_at_one_timestamp_exit_2_naming_both_lines_and_merge_with_duplicates_mean()
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        var lines = File.ReadAllLines(SamplePath("cloudwatch/grok_asg_anomaly.csv")).ToList();
        lines.Insert(101, lines[100].Split(',')[0] + ",99.5");
        File.WriteAllLines(Path.Combine(directory, "export.csv"), lines);

        var refused = TrainerProcess.Run(directory, "train", "--data", "export.csv");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"error: export.csv:102: two values for 2014-01-16T08:15:00Z: {lines[100].Split(',')[1]} on line 101 and 99.5 on line 102 " +
            "(pass --duplicates mean or --duplicates last to merge them)", refused.Error.Trim());
        Assert.False(Directory.Exists(Path.Combine(directory, "model")));

        var merged = TrainerProcess.Run(directory, "train", "--data", "export.csv", "--duplicates", "mean");
        Assert.True(merged.ExitCode == 0, merged.Error);
        Assert.Contains("1 duplicate value(s) merged", merged.Output);
    }
}
