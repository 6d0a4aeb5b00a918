using LabA.Forecasting;

namespace LabA.Trainer.Retraining;

/// <summary>
/// The bytes of one model as the store holds them and the Predictor reads them: model.zip and model.json.
/// <see cref="Verify"/> puts them in a directory and runs the one check every reader of a model directory runs.
/// </summary>
public sealed record ModelUnit(byte[] Archive, byte[] Card)
{
    public long Bytes => Archive.LongLength + Card.LongLength;

    public static ModelUnit Read(string directory) => new(
        File.ReadAllBytes(Path.Combine(directory, ForecastModel.ModelFileName)),
        File.ReadAllBytes(Path.Combine(directory, ForecastModel.CardFileName)));

    /// <summary>The verified model (the caller disposes it), or the reason these bytes may not be served.</summary>
    public ModelVerification Verify()
    {
        var directory = Path.Combine(Path.GetTempPath(), "labA-retrain", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllBytes(Path.Combine(directory, ForecastModel.ModelFileName), Archive);
            File.WriteAllBytes(Path.Combine(directory, ForecastModel.CardFileName), Card);
            return ModelDirectory.Verify(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
