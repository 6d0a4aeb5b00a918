namespace LabA.Forecasting.Model;

/// <summary>
/// How the served forecaster was chosen: every candidate was fitted on the training targets before the validation slice
/// and scored on it; the one with the lowest validation MAE was refitted on the whole training part and served. The
/// hold-out MAEs are reported beside, never used for the choice.
/// </summary>
public sealed record ForecasterSelection
{
    /// <summary>What --trainer asked for ("auto", or one candidate by name).</summary>
    public required string Mode { get; init; }
    public required string Chosen { get; init; }
    /// <summary>The choice rule, in words.</summary>
    public required string Rule { get; init; }
    /// <summary>The first and last target time of the validation slice.</summary>
    public required DateTimeOffset ValidationFrom { get; init; }
    public required DateTimeOffset ValidationTo { get; init; }
    public required int ValidationExamples { get; init; }
    public required IReadOnlyList<CandidateScore> Candidates { get; init; }
}
