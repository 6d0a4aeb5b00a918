using System.Text.Json.Serialization;

namespace LabA.Domain.Predict;

/// <summary>One point of the JSON array POSTed to /predict, oldest first: <c>{"timestamp": "2025-06-01T14:25:00Z", "value": 58.1}</c>.</summary>
public sealed record ObservationItem(
    [property: JsonConverter(typeof(PredictTimestampConverter))] DateTimeOffset Timestamp,
    double Value);
