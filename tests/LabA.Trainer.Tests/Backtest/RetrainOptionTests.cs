namespace LabA.Trainer.Tests.Backtest;

/// <summary><c>backtest --retrain-every</c> as users meet it: bad values and too little history are one line naming the option.</summary>
[Trait("Category", "Process")]
public sealed class RetrainOptionTests
{
    [Fact]
    public void Bad_retraining_options_and_too_little_history_before_the_replay_exit_2_naming_the_option()
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        Assert.Equal(0, TrainerProcess.Run(directory, "generate", "--days", "3", "--seed", "5").ExitCode);
        var train = TrainerProcess.Run(directory, "train", "--trainer", "persistence");
        Assert.True(train.ExitCode == 0, train.Error);

        var badEvery = TrainerProcess.Run(directory, "backtest", "--retrain-every", "daily");
        Assert.Equal(2, badEvery.ExitCode);
        Assert.Contains("--retrain-every: 'daily' is not a positive duration", badEvery.Error);

        var badTrainer = TrainerProcess.Run(directory, "backtest", "--retrain-every", "1d", "--retrain-trainer", "prophet");
        Assert.Equal(2, badTrainer.ExitCode);
        Assert.Contains("prophet", badTrainer.Error);

        // The hold-out of three days starts 2.4 days in: too little to train the replay's first model on.
        var tooShort = TrainerProcess.Run(directory, "backtest", "--retrain-every", "1d");
        Assert.Equal(2, tooShort.ExitCode);
        Assert.Contains("--retrain-range: the retraining replay cannot train its first model on the history before", tooShort.Error);
        Assert.Contains("needs 5 days", tooShort.Error);
        Assert.DoesNotContain("   at ", tooShort.Error);
    }
}
