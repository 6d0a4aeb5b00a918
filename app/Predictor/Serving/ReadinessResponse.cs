namespace LabA.Predictor.Serving;

/// <summary>
/// The answer of /ready: the version of the model /predict serves, or why none is served; in workloads mode, how many
/// models of MODELS_DIR serve now.
/// </summary>
internal sealed record ReadinessResponse(string Status, string? ModelVersion, string? Reason, int? WorkloadModels = null);
