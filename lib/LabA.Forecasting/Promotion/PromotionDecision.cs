namespace LabA.Forecasting.Promotion;

/// <summary>Whether the challenger replaces the champion, and why in one sentence people can act on.</summary>
public sealed record PromotionDecision(bool Promote, string Reason);
