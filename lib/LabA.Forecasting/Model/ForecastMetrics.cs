namespace LabA.Forecasting.Model;

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
