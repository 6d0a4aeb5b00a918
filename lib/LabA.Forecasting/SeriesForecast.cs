namespace LabA.Forecasting;

/// <summary>The forecast made at <paramref name="Origin"/> (using observations up to it only) for <paramref name="Target"/> = origin + horizon.</summary>
public readonly record struct SeriesForecast(DateTimeOffset Origin, DateTimeOffset Target, double Forecast);
