namespace LabA.Forecasting;

/// <summary>
/// forecaster.json inside model.zip: which kind of forecaster the archive holds and everything needed to rebuild it
/// (Holt-Winters' smoothing parameters and window, a baseline's window or season, a blend's weights, an adaptive mix's experts), so that the
/// archive alone forecasts as the trained model did.
/// </summary>
internal sealed record ForecasterRecipe
{
    /// <summary>One of <see cref="ForecasterKinds"/>.</summary>
    public required string Kind { get; init; }
    /// <summary>For <see cref="ForecasterKinds.Ml"/>: the ML.NET trainer.</summary>
    public string? Trainer { get; init; }
    /// <summary>For <see cref="ForecasterKinds.Ml"/>: the archive entry holding the ML.NET pipeline.</summary>
    public string? Pipeline { get; init; }
    public IReadOnlyDictionary<string, double>? Parameters { get; init; }
    /// <summary>For <see cref="ForecasterKinds.Blend"/>: the weighted parts.</summary>
    public IReadOnlyList<BlendPart>? Parts { get; init; }
    /// <summary>
    /// For <see cref="ForecasterKinds.Adaptive"/>: the experts it weighs (its window and sharpness are in <see cref="Parameters"/>);
    /// for <see cref="ForecasterKinds.LevelFollowing"/>: its one calendar profile (its window and weight are in <see cref="Parameters"/>).
    /// </summary>
    public IReadOnlyList<ForecasterRecipe>? Experts { get; init; }
}
