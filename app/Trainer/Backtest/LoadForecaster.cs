namespace LabA.Trainer.Backtest;

/// <summary>
/// A forecast of the load at <paramref name="target"/> made at <paramref name="origin"/>: it may use only what was known
/// at <paramref name="origin"/>. The backtest hands in LabA's model, or the actual series for the oracle.
/// </summary>
public delegate double LoadForecaster(DateTimeOffset origin, DateTimeOffset target);
