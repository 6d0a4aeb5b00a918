namespace LabA.Forecasting.Model;

public sealed record ErrorMetrics(double Mae, double Rmse, double R2);
