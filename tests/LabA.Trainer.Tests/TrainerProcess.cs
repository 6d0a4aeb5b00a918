namespace LabA.Trainer.Tests;

/// <summary>Runs the real Trainer executable, as a user would, in its own working directory.</summary>
public static class TrainerProcess
{
    /// <summary>The generator's knobs: a test's run must not pick them up from the machine's environment.</summary>
    private static readonly string[] GeneratorVariables = ["BASE_LOW", "BASE_HIGH", "NOISE_STD", "SPIKE_PROBABILITY"];

    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "labA-trainer.dll");

    public static string NewWorkingDirectory() => TestDirectory.Create("labA-trainer-tests-");

    public static ProcessResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = TestProcess.StartInfo("dotnet", [Assembly, .. args], environment, workingDirectory, unset: GeneratorVariables);
        start.Environment["NO_COLOR"] = "1";
        return TestProcess.Run(start, TimeSpan.FromMinutes(2));
    }

    public static ProcessResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);
}
