using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

/// <summary>The recent model on the real taxi demand, one step (30 min) ahead, trained once for the class.</summary>
public sealed class TaxiOneStepModel : IDisposable
{
    public ForecastModel Model { get; } =
        Training.Train(SeriesCsv.Read(TestSeries.NycTaxiPath), new TrainingOptions { FeatureSet = "recent", Horizon = TimeSpan.FromMinutes(30) });

    public void Dispose() => Model.Dispose();
}
