namespace LabA.Forecasting.Series;

/// <summary>One measured value of the load (CPU%, requests, passengers...) at one instant, in UTC.</summary>
public readonly record struct Observation(DateTimeOffset Timestamp, double Value);
