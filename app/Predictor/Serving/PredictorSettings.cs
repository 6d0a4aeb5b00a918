using LabA.Domain.Model;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Predictor.Serving;

/// <summary>Everything the service reads from its environment, validated once at start.</summary>
public sealed record PredictorSettings(int Port, string ModelDirectory, ReplicaMapping Mapping, ProvisioningQuantile ProvisionQuantile)
{
    /// <summary>
    /// Throws <see cref="SettingsException"/> naming the variable. A relative <c>MODEL_DIR</c> is taken against the
    /// app's own folder, so the model baked in beside the binaries is found whatever the working directory is.
    /// </summary>
    public static PredictorSettings From(EnvReader env, string appDirectory) => new(
        env.Int(EnvVars.Port, Defaults.PredictorPort, min: 1, max: 65535),
        Path.GetFullPath(env.String(EnvVars.ModelDir, Defaults.ModelDir), appDirectory),
        ReplicaMapping.FromEnvironment(env),
        ProvisioningQuantile.FromEnvironment(env));
}
