using LabA.Domain.Predict;

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
    /// <summary>
    /// True where the forecaster uses the <see cref="HistoryPoints"/> observations when they are given and forecasts from
    /// the clock alone when not (GET and POST both answer); false, as in cards written before it existed, where a model
    /// with history needs them.
    /// </summary>
    public bool ObservationsOptional { get; init; }
    /// <summary>The window of the backward rolling mean feature and baseline.</summary>
    public required TimeSpan RollingWindow { get; init; }
    /// <summary>
    /// The kind of forecaster served: "ml" (an ML.NET regression on <see cref="Features"/>), "holt-winters",
    /// "persistence", "rolling-mean", "seasonal-naive", "blend", "adaptive" or "level-following". Null in cards written before there was a choice (ml).
    /// </summary>
    public string? Kind { get; init; }
    /// <summary>The forecaster served: its name (a trainer, a baseline or "blend") and settings.</summary>
    public required TrainerInfo Trainer { get; init; }
    /// <summary>Every candidate tried, scored on the validation slice (the choice) and on the hold-out (the report); null in older cards.</summary>
    public ForecasterSelection? Selection { get; init; }
    public required DataInfo Data { get; init; }
    public required ForecastMetrics Metrics { get; init; }
    /// <summary>The error distribution the provisioning margin comes from; null in cards written before it existed.</summary>
    public ForecastResiduals? Residuals { get; init; }
    /// <summary>Binds this card to its model.zip; null in cards written before it existed, which are not served.</summary>
    public ArchiveInfo? Archive { get; init; }

    /// <summary>The part of this card a client of the Predictor reads from /model (the same JSON names, so clients parse the full card).</summary>
    public ServedModelCard Served() => new(Version, FeatureSet, Horizon, Step, HistoryPoints, ObservationsOptional);
}
