using LabA.Domain.Wiring;

namespace LabA.Forecasting;

public sealed record TrainingOptions
{
    /// <summary>"calendar" (default) or "recent"; see <see cref="FeatureSpec"/>. The features the ML.NET candidates read.</summary>
    public string FeatureSet { get; init; } = FeatureSpec.CalendarName;
    public TimeSpan Horizon { get; init; } = Defaults.Horizon;
    /// <summary><see cref="Trainers.Auto"/> (default) or one of <see cref="Trainers.Choices"/>.</summary>
    public string Trainer { get; init; } = Trainers.Auto;
    public TimeSpan RollingWindow { get; init; } = FeatureSpec.DefaultRollingWindow;
    /// <summary>The share of the series, at its end, held out for evaluation; never shuffled.</summary>
    public double HoldoutFraction { get; init; } = 0.2;
}
