using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>
/// One way of forecasting the value one horizon after an origin: an ML.NET pipeline, Holt-Winters, a naive baseline or a
/// blend of these. <see cref="ForecastModel"/> serves any of them through the same calls, so neither the Predictor nor
/// the backtest knows which kind it holds.
/// </summary>
internal interface IPointForecaster : IDisposable
{
    /// <summary>What the archive and the card call this kind: one of <see cref="ForecasterKinds"/>.</summary>
    string Kind { get; }

    /// <summary>How many observations, ending at the origin, one forecast reads; 0 when it needs none (calendar features).</summary>
    int HistoryPoints { get; }

    /// <summary>
    /// True where the observations are used when given but not needed: without them (<c>anchor</c> −1) it forecasts from
    /// the clock alone. Such a model answers GET and POST alike; one that needs them only POST.
    /// </summary>
    bool ObservationsOptional => false;

    /// <summary>The forecasts for origins <paramref name="anchors"/> of <paramref name="observations"/>, each reading only values up to its origin.</summary>
    double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors);

    /// <summary>
    /// The forecast for <paramref name="target"/> from the origin <c>observations[anchor]</c>, which may be up to a step
    /// before target - horizon. A forecaster with <see cref="HistoryPoints"/> 0 reads only <paramref name="target"/>.
    /// </summary>
    double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target);

    /// <summary>Why this forecaster cannot serve (a forecast that is not finite), or null.</summary>
    string? ServingProblem();
}
