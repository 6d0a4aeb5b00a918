using LabA.Domain.Series;
using LabA.Domain.Synthetic;

namespace LabA.Forecasting.Tests;

/// <summary>Series the tests train on, small enough to keep the suite fast; trained models are shared per test class.</summary>
internal static class TestSeries
{
    public static LoadSeries Synthetic(int days = 7, int seed = 7) => SyntheticLoad.Generate(new SyntheticLoadOptions { Days = days, Seed = seed });

    public static string NycTaxiPath => Path.Combine(AppContext.BaseDirectory, "samples", "nyc_taxi.csv");

    public static string TemporaryDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "labA-forecasting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
