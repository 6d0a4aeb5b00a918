using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>
/// A naive forecaster the model must beat, and a candidate <c>auto</c> may serve: given the observations and the origin
/// index t, the forecast for t + horizon. <see cref="Parameters"/> is all a saved model needs to rebuild it.
/// </summary>
internal sealed class Baseline(string name, string description, string kind, IReadOnlyDictionary<string, double> parameters,
    int historyPoints, Func<IReadOnlyList<Observation>, int, double> forecast) : IParametricForecaster
{
    public string Name { get; } = name;
    public string Description { get; } = description;
    public string Kind { get; } = kind;
    public IReadOnlyDictionary<string, double> Parameters { get; } = parameters;
    public int HistoryPoints { get; } = historyPoints;
    public int EarliestAnchor => HistoryPoints - 1;

    public double Forecast(IReadOnlyList<Observation> observations, int anchor) => forecast(observations, anchor);

    public double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target) => forecast(observations, anchor);

    public double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors) =>
        [.. anchors.Select(anchor => forecast(observations, anchor))];

    public string? ServingProblem() => null;

    public void Dispose()
    {
    }
}
