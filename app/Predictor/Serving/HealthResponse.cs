namespace LabA.Predictor.Serving;

/// <summary>The answer of /health: the process is up, whether or not a model is loaded.</summary>
internal sealed record HealthResponse(string Status);
