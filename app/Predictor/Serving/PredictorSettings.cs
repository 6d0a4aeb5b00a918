using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Predictor.Serving;

/// <summary>Everything the service reads from its environment, validated once at start.</summary>
public sealed record PredictorSettings(int Port, string ModelDirectory, ReplicaMapping Mapping, ProvisioningQuantile ProvisionQuantile)
{
    /// <summary>
    /// Throws <see cref="SettingsException"/> naming the variable. A relative <c>MODEL_DIR</c> is taken against the
    /// working directory, as the Trainer's <c>--out</c> is: <c>dotnet run --project app/Predictor</c> at the repository
    /// root serves the <c>model/</c> that <c>dotnet run --project app/Trainer</c> wrote there, and the image, whose
    /// working directory is /app, serves the /app/model baked into it.
    /// </summary>
    public static PredictorSettings From(EnvReader env, string workingDirectory) => new(
        env.Int(EnvVars.Port, Defaults.PredictorPort, min: 1, max: 65535),
        Path.GetFullPath(env.String(EnvVars.ModelDir, Defaults.ModelDir), workingDirectory),
        ReplicaMapping.FromEnvironment(env),
        ProvisioningQuantile.FromEnvironment(env));
}
