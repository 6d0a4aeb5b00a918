using LabA.Forecasting.Series;
using LabA.Forecasting.Synthetic;

namespace LabA.Forecasting.Tests;

/// <summary>Series the tests train on, small enough to keep the suite fast; trained models are shared per test class.</summary>
internal static class TestSeries
{
    public static LoadSeries Synthetic(int days = 7, int seed = 7) => SyntheticLoad.Generate(new SyntheticLoadOptions { Days = days, Seed = seed });

    public static string NycTaxiPath => Path.Combine(AppContext.BaseDirectory, "samples", "nyc_taxi.csv");

    /// <summary>
    /// <paramref name="series"/> as an export with the values at <paramref name="blank"/> left blank (missed samples),
    /// read back through the import, which fills and marks them.
    /// </summary>
    public static LoadSeries WithMissedSamples(LoadSeries series, IEnumerable<int> blank, ImportOptions? options = null)
    {
        var missed = blank.ToHashSet();
        var csv = "timestamp,value\n" + string.Concat(series.Observations.Select((observation, i) =>
            $"{observation.Timestamp:yyyy-MM-dd'T'HH:mm:ss'Z'},{(missed.Contains(i) ? "" : observation.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture))}\n"));
        return SeriesCsv.Read(new StringReader(csv), "missed-samples.csv", options);
    }

    public static string TemporaryDirectory() => TestDirectory.Create("labA-forecasting-tests-");

    /// <summary>A fresh copy of the files in <paramref name="directory"/>: a test may break it without touching the original.</summary>
    public static string CopyOf(string directory)
    {
        var copy = TemporaryDirectory();
        foreach (var file in Directory.GetFiles(directory)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }
}
