using LabA.Forecasting;

namespace LabA.Trainer.Retraining;

/// <summary>
/// The bytes of one model as the store holds them and the Predictor reads them: model.zip and model.json.
/// <see cref="Verify"/> runs on them the one check every reader of a model directory runs.
/// </summary>
public sealed record ModelUnit(byte[] Archive, byte[] Card)
{
    public long Bytes => Archive.LongLength + Card.LongLength;

    public static ModelUnit Read(string directory) => new(
        File.ReadAllBytes(Path.Combine(directory, ForecastModel.ModelFileName)),
        File.ReadAllBytes(Path.Combine(directory, ForecastModel.CardFileName)));

    /// <summary>The verified model (the caller disposes it), or the reason these bytes may not be served; checked in memory.</summary>
    public ModelVerification Verify() => ModelDirectory.Verify(Archive, Card);
}
