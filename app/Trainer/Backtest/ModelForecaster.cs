using LabA.Forecasting;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>
/// Turns LabA's model into the backtest's forecaster, handing it only the observations known at each origin. The load it
/// returns is what the Predictor provisions for: the forecast plus <c>provisioningMargin</c> (see <see cref="ForecastModel.ProvisioningMargin"/>).
/// </summary>
public static class ModelForecaster
{
    public static LoadForecaster Create(ForecastModel model, LoadSeries series, LoadScale scale, double provisioningMargin)
    {
        var observations = series.Observations.ToArray();
        return (origin, target) => scale.ToPercent(Predict(origin, target) + provisioningMargin);

        double Predict(DateTimeOffset origin, DateTimeOffset target)
        {
            if (!model.UsesObservations) return model.Predict(target);

            var knownCount = (int)Math.Clamp(Math.Floor((origin - series.Start) / series.Step) + 1, 0, observations.Length);
            if (knownCount == 0) throw new InvalidOperationException($"no observation at or before {origin:O} to forecast from");
            // A target in the window past what was observed gets the latest forecast the model can make, as the Predictor serves it.
            var known = new ArraySegment<Observation>(observations, 0, knownCount);
            return model.Predict(model.Reachable(target, known), known);
        }
    }
}
