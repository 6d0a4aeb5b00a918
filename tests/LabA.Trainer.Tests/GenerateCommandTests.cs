namespace LabA.Trainer.Tests;

[Trait("Category", "Process")]
public class GenerateCommandTests
{
    [Fact]
    public void Generate_writes_the_default_file_and_says_what_it_made()
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        var run = TrainerProcess.Run(directory, "generate", "--days", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Generated 1440 data points -> data/cpu_load.csv", run.Output);
        Assert.Matches(@"cpu_percent min=[\d.]+ max=[\d.]+ mean=[\d.]+", run.Output);
        var lines = File.ReadAllLines(Path.Combine(directory, "data", "cpu_load.csv"));
        Assert.Equal(1441, lines.Length);
        Assert.Equal("timestamp,cpu_percent,noise_free_cpu_percent", lines[0]);
    }

    [Fact]
    public void The_same_seed_gives_a_byte_identical_file()
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        Assert.Equal(0, TrainerProcess.Run(directory, "generate", "--days", "2", "--seed", "11", "--out", "a.csv").ExitCode);
        Assert.Equal(0, TrainerProcess.Run(directory, "generate", "--days", "2", "--seed", "11", "--out", "b.csv").ExitCode);
        Assert.Equal(0, TrainerProcess.Run(directory, "generate", "--days", "2", "--seed", "12", "--out", "c.csv").ExitCode);
        var a = File.ReadAllBytes(Path.Combine(directory, "a.csv"));
        Assert.Equal(a, File.ReadAllBytes(Path.Combine(directory, "b.csv")));
        Assert.NotEqual(a, File.ReadAllBytes(Path.Combine(directory, "c.csv")));
    }

    [Fact]
    public void The_original_labs_environment_variables_set_the_knobs_and_options_override_them()
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        var environment = new Dictionary<string, string> { ["BASE_LOW"] = "50", ["BASE_HIGH"] = "50", ["NOISE_STD"] = "0", ["SPIKE_PROBABILITY"] = "0" };
        var run = TrainerProcess.Run(directory, environment, "generate", "--days", "1", "--out", "flat.csv");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("cpu_percent min=50 max=50 mean=50", run.Output);

        run = TrainerProcess.Run(directory, environment, "generate", "--days", "1", "--out", "flat.csv", "--base-high", "70");
        Assert.Contains("cpu_percent min=50 max=70", run.Output);
    }

    [Fact]
    public void Start_sets_the_first_timestamp_and_a_bad_one_is_named()
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        Assert.Equal(0, TrainerProcess.Run(directory, "generate", "--days", "1", "--start", "2024-06-01T12:00:00Z", "--out", "june.csv").ExitCode);
        Assert.StartsWith("2024-06-01T12:00:00Z,", File.ReadLines(Path.Combine(directory, "june.csv")).Skip(1).First());

        var run = TrainerProcess.Run(directory, "generate", "--start", "soon");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --start: 'soon' is not a date (write e.g. 2025-01-06T00:00:00Z)", run.Error.Trim());
    }

    [Fact]
    public void A_bad_knob_is_one_line_naming_the_variable_and_writes_nothing()
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        var run = TrainerProcess.Run(directory, new Dictionary<string, string> { ["NOISE_STD"] = "loud" }, "generate");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: NOISE_STD: 'loud' is not a number", run.Error.Trim());
        Assert.False(Directory.Exists(Path.Combine(directory, "data")));
    }
}
