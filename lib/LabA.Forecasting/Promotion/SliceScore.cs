namespace LabA.Forecasting.Promotion;

/// <summary>One forecaster's error on the hold-out slice: a model (named by its version) or a baseline (by its name).</summary>
public sealed record SliceScore(string Name, double Mae, double Rmse);
