namespace LabA.Predictor.Serving;

public sealed class NonFiniteForecastException(DateTimeOffset at, double forecast)
    : Exception($"the model forecast {forecast} for {at:O}");
