using System.Security.Cryptography;
using System.Text;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>What the model card records about a series: its file's name, a hash of the file's bytes, its extent.</summary>
internal static class DataFingerprint
{
    public static DataInfo Describe(LoadSeries series, int trainingExamples, int evaluationExamples) => new()
    {
        File = DataSourceName.Of(series.Source),
        Sha256 = Sha256(series),
        ValueColumn = series.ValueName,
        Rows = series.Count,
        Start = series.Start,
        End = series.End,
        TrainingExamples = trainingExamples,
        EvaluationExamples = evaluationExamples,
        Import = series.Import,
        Prometheus = series.Query,
    };

    /// <summary>The hash of the data file; for a series made in memory, of the CSV the generator would write for it.</summary>
    private static string Sha256(LoadSeries series)
    {
        if (File.Exists(series.Source))
        {
            using var file = File.OpenRead(series.Source);
            return Convert.ToHexStringLower(SHA256.HashData(file));
        }
        using var text = new StringWriter { NewLine = "\n" };
        SeriesCsv.Write(text, series);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
