using LabA.Domain.Predict;

namespace LabA.Forecasting.Model;

/// <summary>
/// The documented range of what a model is served with and answers in: loads and instants are the loop's one set of
/// <see cref="LoadBounds"/>; horizons and steps are the ones an autoscaler can use. Anything outside is a client or card error, refused with a reason, never a 5xx.
/// </summary>
public static class ModelLimits
{
    public const double MinValue = LoadBounds.MinValue;
    public const double MaxValue = LoadBounds.MaxValue;
    public static readonly DateTimeOffset EarliestInstant = LoadBounds.EarliestInstant;
    public static readonly TimeSpan MaxObservationLead = LoadBounds.MaxLead;
    /// <summary>A week: far beyond any pod's start-up time, near enough that adding it can never leave the calendar.</summary>
    public static readonly TimeSpan MaxHorizon = TimeSpan.FromDays(7);
    public static readonly TimeSpan MinStep = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(1);
    /// <summary>The version is a metric label and part of every answer: short and printable.</summary>
    public const int MaxVersionLength = 100;

    public static bool IsServableValue(double value) => LoadBounds.IsValue(value);

    /// <summary>Why <paramref name="value"/> is not a load this service takes, or null when it is.</summary>
    public static string? ValueProblem(double value) => LoadBounds.ValueProblem(value);

    /// <summary>Why <paramref name="instant"/> is not an observation time this service takes at <paramref name="now"/>, or null when it is.</summary>
    public static string? ObservationTimeProblem(DateTimeOffset instant, DateTimeOffset now) => LoadBounds.TimeProblem(instant, now);
}
