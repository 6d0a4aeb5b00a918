namespace LabA.Domain.Scaling;

/// <summary>
/// One recommendation and the last instant it was made for: a forecast made at t for [t + horizon, t + horizon + window]
/// is needed until its window ends; a reading of the current load is needed until the moment it was read.
/// The stabilization window is a list of these.
/// </summary>
public readonly record struct StabilizationEntry(DateTimeOffset NeededUntil, int Replicas);
