namespace LabA.Trainer.Tests;

/// <summary>Every bad input: exit code 2, one line on stderr naming file and line, no stack trace, no model written.</summary>
[Trait("Category", "Process")]
public class BadInputTests
{
    private static void AssertRefused(string? csv, string expectedError, params string[] extraArgs)
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        if (csv is not null) File.WriteAllText(Path.Combine(directory, "load.csv"), csv);
        var run = TrainerProcess.Run(directory, ["train", "--data", "load.csv", "--out", "model", .. extraArgs]);

        Assert.Equal(2, run.ExitCode);
        var error = run.Error.Trim();
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", error);
        Assert.StartsWith($"error: {expectedError}", error);
        Assert.False(Directory.Exists(Path.Combine(directory, "model")), "no partial output");
    }

    private static string Minutes(int count, Func<int, string>? line = null) =>
        "timestamp,value\n" + string.Concat(Enumerable.Range(0, count).Select(i => (line ?? (j => $"{new DateTime(2024, 3, 1).AddMinutes(j):yyyy-MM-dd HH:mm:ss},{j % 60}"))(i) + "\n"));

    [Fact]
    public void Missing_file() => AssertRefused(null, "load.csv: file not found");

    [Fact]
    public void Missing_default_series_says_how_to_make_it()
    {
        var run = TrainerProcess.Run(TrainerProcess.NewWorkingDirectory(), "train");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: data/cpu_load.csv: file not found (make it with the generate command, or pass --data FILE)", run.Error.Trim());
    }

    [Fact]
    public void Header_without_a_timestamp_column() => AssertRefused("when,value\n1,2\n", "load.csv:1: no timestamp column");

    [Fact]
    public void Header_without_a_value_column() => AssertRefused("timestamp,a,b\n2024-03-01 00:00:00,1,2\n", "load.csv:1: no value column");

    [Fact]
    public void Unparsable_timestamp() =>
        AssertRefused(Minutes(500, i => i == 300 ? "yesterday,5" : $"{new DateTime(2024, 3, 1).AddMinutes(i):yyyy-MM-dd HH:mm:ss},5"),
            "load.csv:302: timestamp 'yesterday' is not a date");

    [Fact]
    public void Unparsable_number() =>
        AssertRefused(Minutes(500, i => $"{new DateTime(2024, 3, 1).AddMinutes(i):yyyy-MM-dd HH:mm:ss},{(i == 10 ? "12.5 percent" : "5")}"),
            "load.csv:12: value '12.5 percent' is not a finite number");

    [Fact]
    public void Timestamps_out_of_order() =>
        AssertRefused(Minutes(500, i => $"{new DateTime(2024, 3, 1).AddMinutes(i == 100 ? 98.5 : i):yyyy-MM-dd HH:mm:ss},5"),
            "load.csv:102: timestamp 2024-03-01T01:38:30");

    [Fact]
    public void Two_values_at_one_timestamp() => AssertRefused(Minutes(500, i => $"{new DateTime(2024, 3, 1).AddMinutes(i == 100 ? 99 : i):yyyy-MM-dd HH:mm:ss},{(i == 100 ? 7 : 5)}"),
        "load.csv:102: two values for 2024-03-01T01:39:00Z: 5 on line 101 and 7 on line 102");

    [Fact]
    public void Gap_longer_than_max_gap() => AssertRefused(Minutes(500, i => $"{new DateTime(2024, 3, 1).AddMinutes(i < 200 ? i : i + 61):yyyy-MM-dd HH:mm:ss},5"),
        "load.csv:202: gap of 1h1m (61 missing points at 1m step) from 2024-03-01T03:19:00Z to 2024-03-01T04:21:00Z");

    [Fact]
    public void Series_too_short_for_the_holdout() => AssertRefused(Minutes(40), "load.csv: too short");

    [Fact]
    public void Series_too_short_for_the_horizon() => AssertRefused(Minutes(300), "load.csv: too short", "--horizon", "4h");

    [Fact]
    public void Horizon_not_a_multiple_of_the_step() => AssertRefused(Minutes(500), "--horizon: 1m30s is not a positive multiple of the series step 1m", "--horizon", "90s");

    [Fact]
    public void Unknown_trainer_is_a_one_line_usage_error()
    {
        var run = TrainerProcess.Run(TrainerProcess.NewWorkingDirectory(), "train", "--trainer", "xgboost");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("xgboost", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void Evaluate_without_a_model_names_the_directory()
    {
        var run = TrainerProcess.Run(TrainerProcess.NewWorkingDirectory(), "evaluate", "--model", "nowhere", "--data", "x.csv");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: nowhere: model directory not found (train one with: trainer train --out nowhere)", run.Error.Trim());
    }
}
