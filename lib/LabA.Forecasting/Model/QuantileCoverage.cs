namespace LabA.Forecasting.Model;

/// <summary>How often actuals were at most forecast + margin at a quantile: close to the quantile when the margin is honest.</summary>
public sealed record QuantileCoverage(double Quantile, double Margin, double Share)
{
    /// <summary>The levels the trainer and evaluate check on data the model never saw.</summary>
    public static readonly IReadOnlyList<double> CheckedLevels = [0.9, 0.95];
}
