namespace LabA.Forecasting.Model;

/// <summary>
/// model.json, written beside model.zip: what the model forecasts, from which features, trained how and on what, and how it
/// did on the hold-out next to the naive baselines. The Predictor serves it; people read it to judge the forecast.
/// </summary>
public sealed record ModelCard
{
    /// <summary>Identifies this trained model: creation time and the start of the data hash, e.g. "20250120T101500Z-3fa2c1d0".</summary>
    public required string Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>"calendar" (servable from a timestamp alone) or "recent" (calendar plus recent observations).</summary>
    public required string FeatureSet { get; init; }
    /// <summary>The feature columns, in the order the model reads them.</summary>
    public required IReadOnlyList<string> Features { get; init; }
    /// <summary>"value": the regression predicts the value at t + horizon; "change": it predicts the change from the value at t.</summary>
    public required string Target { get; init; }
    /// <summary>How far ahead of the last known observation (t) the model forecasts.</summary>
    public required TimeSpan Horizon { get; init; }
    /// <summary>The step of the series the model was trained on.</summary>
    public required TimeSpan Step { get; init; }
    /// <summary>How many observations, at <see cref="Step"/> and ending at t, one forecast reads (0 for calendar models).</summary>
    public required int HistoryPoints { get; init; }
    /// <summary>The window of the backward rolling mean feature and baseline.</summary>
    public required TimeSpan RollingWindow { get; init; }
    public required TrainerInfo Trainer { get; init; }
    public required DataInfo Data { get; init; }
    public required ForecastMetrics Metrics { get; init; }
    /// <summary>The error distribution the provisioning margin comes from; null in cards written before it existed.</summary>
    public ForecastResiduals? Residuals { get; init; }
    /// <summary>Binds this card to its model.zip; null in cards written before it existed, which are not served.</summary>
    public ArchiveInfo? Archive { get; init; }
}

public sealed record TrainerInfo(string Name, IReadOnlyDictionary<string, string> Settings);

/// <summary>The series a model was trained or evaluated on.</summary>
public sealed record DataInfo
{
    public required string File { get; init; }
    /// <summary>SHA-256 of the data file's bytes, hex.</summary>
    public required string Sha256 { get; init; }
    public required string ValueColumn { get; init; }
    public required int Rows { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    /// <summary>Forecast examples (origin t, target t + horizon) the model was fitted on; 0 in an evaluation report.</summary>
    public required int TrainingExamples { get; init; }
    /// <summary>Forecast examples scored: the hold-out when training, the whole series when evaluating.</summary>
    public required int EvaluationExamples { get; init; }
    /// <summary>What reading the series did to put it on its grid (points filled, duplicates, snapping); null for a series made in memory.</summary>
    public Series.ImportSummary? Import { get; init; }
    /// <summary>Set when the series came from Prometheus: server, query and range.</summary>
    public Series.PrometheusQuery? Prometheus { get; init; }
}

/// <summary>Scores on data the model never saw, in time order; every entry is scored on the same targets.</summary>
public sealed record ForecastMetrics
{
    /// <summary>The first and last target time scored.</summary>
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required ErrorMetrics Model { get; init; }
    public required IReadOnlyList<BaselineMetrics> Baselines { get; init; }
    /// <summary>Set for generated series only: the error of the generator's noise-free curve, which no forecaster can beat on average.</summary>
    public ErrorMetrics? Irreducible { get; init; }
    /// <summary>Share of actuals at most forecast + margin, at each of <see cref="QuantileCoverage.CheckedLevels"/>; null without residuals.</summary>
    public IReadOnlyList<QuantileCoverage>? Coverage { get; init; }
}

public sealed record ErrorMetrics(double Mae, double Rmse, double R2);

public sealed record BaselineMetrics(string Name, string Description, double Mae, double Rmse, double R2);

/// <summary>What <c>evaluate</c> prints with --json: the model scored on another series.</summary>
public sealed record EvaluationReport(string ModelVersion, string FeatureSet, TimeSpan Horizon, DataInfo Data, ForecastMetrics Metrics);
