using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

/// <summary>One small recent FastTree model and one calendar FastTree model, trained once for the class.</summary>
public sealed class TrainedModels : IDisposable
{
    /// <summary>The calendar model's options: the ML.NET pipeline these tests are about, not whatever auto would choose.</summary>
    public static TrainingOptions CalendarOptions { get; } = new() { Trainer = Trainers.FastTree };

    public LoadSeries Series { get; } = TestSeries.Synthetic(days: 5);
    public ForecastModel Recent { get; }
    public ForecastModel Calendar { get; }

    public TrainedModels()
    {
        Recent = Training.Train(Series, new TrainingOptions { FeatureSet = "recent", Trainer = Trainers.FastTree });
        Calendar = Training.Train(Series, CalendarOptions);
    }

    public void Dispose()
    {
        Recent.Dispose();
        Calendar.Dispose();
    }
}
