namespace LabA.Trainer.Tests;

/// <summary>One generated series and two models trained on it (calendar in model/, recent in model-recent/), made once for the class.</summary>
public sealed class GeneratedSeries
{
    public string Directory { get; } = TrainerProcess.NewWorkingDirectory();
    public ProcessResult CalendarTraining { get; }

    public GeneratedSeries()
    {
        Assert.Equal(0, TrainerProcess.Run(Directory, "generate", "--days", "3", "--seed", "3").ExitCode);
        CalendarTraining = TrainerProcess.Run(Directory, "train");
        Assert.Equal(0, TrainerProcess.Run(Directory, "train", "--features", "recent", "--out", "model-recent").ExitCode);
    }
}
