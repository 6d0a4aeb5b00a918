namespace LabA.Domain.Predict;

/// <summary>The query parameters of <see cref="PredictRoutes.Predict"/>, the same for GET and POST.</summary>
public static class PredictQueryKeys
{
    /// <summary>The instant to forecast, written as <see cref="PredictTimestamp"/>.</summary>
    public const string At = "at";
    /// <summary>The time-of-day question: an hour of the day in UTC (0-23), its next occurrence.</summary>
    public const string Hour = "hour";
    /// <summary>The minute of that hour (0-59).</summary>
    public const string Minute = "minute";
    /// <summary>Whole minutes after <see cref="At"/> the recommendation must also cover (the peak over them counts).</summary>
    public const string Window = "window";
}
