using System.Globalization;

namespace LabA.Domain.Predict;

/// <summary>
/// The loads and instants every part of the loop takes: the Trainer's import and the retrain's history, the Predictor's
/// observations and the Scaler's samples. One set, so a history the Trainer accepts is one the Predictor can serve a
/// model of. Loads are non-negative (CPU%, requests or passengers) and far below the point where the features'
/// single-precision floats lose whole units; instants are after the first cloud metrics and not ahead of the reader's
/// clock by more than a clock skew.
/// </summary>
public static class LoadBounds
{
    public const double MinValue = 0;
    public const double MaxValue = 1e9;
    public static readonly DateTimeOffset EarliestInstant = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary>How far an observation may be ahead of the reader's clock: generous clock skew, not a forecast.</summary>
    public static readonly TimeSpan MaxLead = TimeSpan.FromDays(1);

    public static bool IsValue(double value) => double.IsFinite(value) && value is >= MinValue and <= MaxValue;

    /// <summary>Why <paramref name="value"/> is not a load the loop takes, or null when it is.</summary>
    public static string? ValueProblem(double value) => IsValue(value)
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"{value} is outside the loads the Predictor serves ({MinValue} to {MaxValue:0.#e0}, finite)");

    /// <summary>Why <paramref name="instant"/> is not an observation time the loop takes at <paramref name="now"/>, or null when it is.</summary>
    public static string? TimeProblem(DateTimeOffset instant, DateTimeOffset now)
    {
        if (instant < EarliestInstant) return $"{PredictTimestamp.Write(instant)} is before {EarliestInstant:yyyy-MM-dd}";
        if (instant - now > MaxLead) return $"{PredictTimestamp.Write(instant)} is more than {MaxLead.TotalHours:0} hours ahead of the server's clock ({PredictTimestamp.Write(now)})";
        return null;
    }
}
