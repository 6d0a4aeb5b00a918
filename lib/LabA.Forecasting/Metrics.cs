using LabA.Forecasting.Model;

namespace LabA.Forecasting;

/// <summary>MAE, RMSE and R² of forecasts against actual values, computed the same way for the model and every baseline.</summary>
public static class Metrics
{
    public static ErrorMetrics Of(IReadOnlyList<double> forecasts, IReadOnlyList<double> actuals)
    {
        if (forecasts.Count != actuals.Count || forecasts.Count == 0)
            throw new ArgumentException("need as many forecasts as actual values, and at least one");
        double absolute = 0, squared = 0, mean = 0;
        for (var i = 0; i < actuals.Count; i++) mean += actuals[i];
        mean /= actuals.Count;
        double total = 0;
        for (var i = 0; i < actuals.Count; i++)
        {
            var error = forecasts[i] - actuals[i];
            absolute += Math.Abs(error);
            squared += error * error;
            total += (actuals[i] - mean) * (actuals[i] - mean);
        }
        var r2 = total > 0 ? 1 - squared / total : double.NaN;
        return new ErrorMetrics(absolute / actuals.Count, Math.Sqrt(squared / actuals.Count), r2);
    }
}
