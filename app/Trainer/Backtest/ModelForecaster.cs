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
            if (!model.RequiresObservations) return model.Predict(target);

            var known = (int)Math.Clamp(Math.Floor((origin - series.Start) / series.Step) + 1, 0, observations.Length);
            if (known == 0) throw new InvalidOperationException($"no observation at or before {origin:O} to forecast from");
            var newest = observations[known - 1].Timestamp;
            // A recent model forecasts one horizon past its newest observation (the Predictor serves it without a window);
            // a later target in the window gets that forecast rather than one built on data not yet seen.
            if (target - model.Horizon - newest >= model.Step) target = newest + model.Horizon;
            return model.Predict(target, new ArraySegment<Observation>(observations, 0, known));
        }
    }
}
