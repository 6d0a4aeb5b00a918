using LabA.Forecasting;

namespace LabA.Predictor.Tests;

/// <summary>A model store ConfigMap mounted as the kubelet mounts it, into which trained model directories are published.</summary>
public sealed class ModelVolume : IDisposable
{
    public string Directory { get; } = TestDirectory.Create("labA-predictor-volume-");

    /// <summary>Swaps the volume's content to the model in <paramref name="modelDirectory"/>, as one atomic <c>..data</c> swap.</summary>
    public void Publish(string modelDirectory) => KubeletConfigMapVolume.Write(Directory, new Dictionary<string, byte[]>
    {
        [ForecastModel.ModelFileName] = File.ReadAllBytes(Path.Combine(modelDirectory, ForecastModel.ModelFileName)),
        [ForecastModel.CardFileName] = File.ReadAllBytes(Path.Combine(modelDirectory, ForecastModel.CardFileName)),
    });

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
