namespace LabA.Forecasting.Model;

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
