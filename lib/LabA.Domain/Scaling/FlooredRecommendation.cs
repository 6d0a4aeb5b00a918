namespace LabA.Domain.Scaling;

/// <summary>
/// The recommendation after the reactive floor, with both numbers it was chosen from, so that the decision record
/// can say which side won.
/// </summary>
public sealed record FlooredRecommendation(int Forecast, int Floor, double ObservedLoad, int Replicas, FloorWinner Winner);
