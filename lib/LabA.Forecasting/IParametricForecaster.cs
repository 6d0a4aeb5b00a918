namespace LabA.Forecasting;

/// <summary>A forecaster that a handful of numbers rebuild: the archive saves its <see cref="Parameters"/> under its kind, and nothing else.</summary>
internal interface IParametricForecaster : IPointForecaster
{
    /// <summary>Everything a saved model needs to rebuild this forecaster.</summary>
    IReadOnlyDictionary<string, double> Parameters { get; }
}
