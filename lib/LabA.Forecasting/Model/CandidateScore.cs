namespace LabA.Forecasting.Model;

/// <summary>One candidate's scores; both MAEs are null, and <see cref="NotApplicable"/> says why, where it could not be fitted.</summary>
public sealed record CandidateScore(string Name, string Kind, double? ValidationMae, double? HoldoutMae, IReadOnlyDictionary<string, string> Settings, string? NotApplicable = null);
