using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>A weighted mean of forecasters (weights summing to 1): where two candidates err differently, their mean errs less.</summary>
internal sealed class Blend : IPointForecaster
{
    public Blend(IReadOnlyList<(double Weight, IPointForecaster Forecaster)> parts)
    {
        if (parts.Count < 2 || parts.Any(part => part.Forecaster is Blend || !double.IsFinite(part.Weight) || part.Weight <= 0)
            || Math.Abs(parts.Sum(part => part.Weight) - 1) > 1e-9)
            throw new ForecasterRecipeException($"{ForecasterKinds.Blend}: needs two or more parts, none a blend, with positive weights summing to 1");
        Parts = parts;
    }

    public IReadOnlyList<(double Weight, IPointForecaster Forecaster)> Parts { get; }
    public string Kind => ForecasterKinds.Blend;
    public int HistoryPoints => Parts.Max(part => part.Forecaster.HistoryPoints);

    public double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors)
    {
        var blended = new double[anchors.Count];
        foreach (var (weight, forecaster) in Parts)
        {
            var forecasts = forecaster.ForecastAt(observations, anchors);
            for (var i = 0; i < blended.Length; i++) blended[i] += weight * forecasts[i];
        }
        return blended;
    }

    public double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target) =>
        Parts.Sum(part => part.Weight * part.Forecaster.Forecast(observations, anchor, target));

    public string? ServingProblem() => Parts.Select(part => part.Forecaster.ServingProblem()).FirstOrDefault(problem => problem is not null);

    public void Dispose()
    {
        foreach (var (_, forecaster) in Parts) forecaster.Dispose();
    }
}
