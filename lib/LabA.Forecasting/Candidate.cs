namespace LabA.Forecasting;

/// <summary>
/// A forecaster training may serve. <see cref="FitBefore"/> fits it on the series' targets before an index only (null:
/// it cannot be fitted there, e.g. too little history for Holt-Winters); a baseline has nothing to fit and returns itself.
/// </summary>
internal sealed record Candidate(
    string Name,
    string Kind,
    Func<int, IPointForecaster?> FitBefore,
    Func<IPointForecaster, IReadOnlyDictionary<string, string>> SettingsOf);
