using System.CommandLine;
using LabA.Forecasting;

namespace LabA.Trainer.Commands;

/// <summary>
/// <c>--trainer</c> as every command that trains takes it, with one default: <see cref="Trainers.Auto"/>, so that what
/// <c>train</c> serves and what <c>retrain</c> challenges it with are chosen the same way.
/// </summary>
public static class TrainerOption
{
    public const string Name = "--trainer";
    public const string Default = Trainers.Auto;

    public static Option<string> Create(string? description = null, string name = Name)
    {
        var option = new Option<string>(name)
        {
            Description = description ??
                "auto: try persistence, the rolling mean, seasonal naive, Holt-Winters, FastTree and LightGBM (on --features) " +
                "and serve the best on a validation slice inside the training part; or name one of them (or sdca)",
            DefaultValueFactory = _ => Default,
        };
        option.AcceptOnlyFromAmong([.. Trainers.Choices]);
        return option;
    }
}
