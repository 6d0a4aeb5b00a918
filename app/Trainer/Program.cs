using System.CommandLine;
using LabA.Trainer;
using LabA.Trainer.Commands;

var root = new RootCommand("LabA Trainer: generate a synthetic CPU load series, train the load forecaster, evaluate it honestly.")
{
    GenerateCommand.Create(),
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    BacktestCommand.Create(),
    LoadSourceCommand.Create(),
    RetrainCommand.Create(),
};
WholeLab.Attach(root);
return Cli.Run(root, args);
