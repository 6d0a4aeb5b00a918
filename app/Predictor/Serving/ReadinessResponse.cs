namespace LabA.Predictor.Serving;

/// <summary>The answer of /ready: the served model's version, or why no model is served.</summary>
internal sealed record ReadinessResponse(string Status, string? ModelVersion, string? Reason);
