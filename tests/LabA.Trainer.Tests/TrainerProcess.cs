using System.Diagnostics;

namespace LabA.Trainer.Tests;

/// <summary>Runs the real Trainer executable, as a user would, in its own working directory.</summary>
public sealed record TrainerRun(int ExitCode, string Output, string Error);

public static class TrainerProcess
{
    public static string NewWorkingDirectory() => TestDirectory.Create("labA-trainer-tests-");

    public static TrainerRun Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "labA-trainer.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in new[] { "BASE_LOW", "BASE_HIGH", "NOISE_STD", "SPIKE_PROBABILITY" }) start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
        return new TrainerRun(process.ExitCode, output.Result, error.Result);
    }

    public static TrainerRun Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);
}
