namespace LabA.Forecasting.Model;

public sealed record BaselineMetrics(string Name, string Description, double Mae, double Rmse, double R2);
