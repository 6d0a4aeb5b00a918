namespace LabA.Forecasting.Promotion;

/// <summary>
/// The challenger, the champion and the baselines, each scored on the same targets: the real points of the most recent
/// hold-out slice, every forecast made from the observations known at its origin.
/// </summary>
public sealed record HoldoutComparison
{
    /// <summary>The first and last target scored.</summary>
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required int Targets { get; init; }
    public required SliceScore Challenger { get; init; }
    /// <summary>Null when there is no champion, or when it cannot be scored at the challenger's horizon and step (see <see cref="ChampionNotScored"/>).</summary>
    public SliceScore? Champion { get; init; }
    public string? ChampionNotScored { get; init; }
    /// <summary>Persistence, rolling mean, seasonal naive (each season the history allows) and Holt-Winters.</summary>
    public required IReadOnlyList<SliceScore> Baselines { get; init; }
    /// <summary>
    /// The baseline the challenger is, when training chose one of them to serve (a persistence or Holt-Winters model):
    /// the same forecaster on the same targets scores the same, so it cannot be asked to beat itself. Null for a model
    /// of its own (ML.NET, a blend).
    /// </summary>
    public string? ChallengerBaseline { get; init; }
}
