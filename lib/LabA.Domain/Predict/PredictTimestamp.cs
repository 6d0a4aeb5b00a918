using System.Globalization;

namespace LabA.Domain.Predict;

/// <summary>
/// How /predict writes instants (the <c>at</c> parameter, the answer's timestamp, the observations' timestamps): ISO-8601
/// in UTC with a 'Z', seconds always, a fraction only when there is one, e.g. 2025-06-01T14:35:00Z. It reads the same
/// and the other ISO-8601 forms people type (minutes only, an offset).
/// </summary>
public static class PredictTimestamp
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>What <see cref="TryParse"/> accepts; K takes 'Z' or an offset such as +02:00.</summary>
    private static readonly string[] ReadFormats =
    [
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>An example for error messages, in the written form.</summary>
    public const string Example = "2025-06-01T14:30:00Z";

    public static string Write(DateTimeOffset instant) => instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(text, ReadFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
}
