namespace LabA.Domain.Scaling;

/// <summary>Which side set the recommendation: the forecast, or the load observed now.</summary>
public enum FloorWinner
{
    Forecast,
    Observed,
}
