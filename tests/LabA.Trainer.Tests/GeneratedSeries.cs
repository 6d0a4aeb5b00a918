namespace LabA.Trainer.Tests;

/// <summary>
/// One generated series and two models trained on it, made once for the class: whatever auto chooses in model/, and a
/// FastTree model on the recent features in model-recent/, one that reads observations whatever auto would choose.
/// </summary>
public sealed class GeneratedSeries
{
    public string Directory { get; } = TrainerProcess.NewWorkingDirectory();
    public ProcessResult CalendarTraining { get; }

    public GeneratedSeries()
    {
        Assert.Equal(0, TrainerProcess.Run(Directory, "generate", "--days", "3", "--seed", "3").ExitCode);
        CalendarTraining = TrainerProcess.Run(Directory, "train");
        Assert.Equal(0, TrainerProcess.Run(Directory, "train", "--features", "recent", "--trainer", "fasttree", "--out", "model-recent").ExitCode);
    }
}
