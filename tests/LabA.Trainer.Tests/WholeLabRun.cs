namespace LabA.Trainer.Tests;

/// <summary>A small generated series and a model trained on it by the Trainer's no-argument run, once for the class.</summary>
public sealed class WholeLabRun
{
    public string Directory { get; } = TrainerProcess.NewWorkingDirectory();
    internal ProcessResult Run { get; }

    public WholeLabRun()
    {
        // Three days instead of the default fourteen keep the test quick; the run uses an existing series as it is.
        Assert.Equal(0, TrainerProcess.Run(Directory, "generate", "--days", "3", "--seed", "11").ExitCode);
        Run = TrainerProcess.Run(Directory);
    }
}
