namespace LabA.Forecasting.Model;

/// <summary>What <c>evaluate</c> prints with --json: the model scored on another series.</summary>
public sealed record EvaluationReport(string ModelVersion, string FeatureSet, TimeSpan Horizon, DataInfo Data, ForecastMetrics Metrics);
