using System.Text.Json;
using System.Text.Json.Nodes;
using LabA.Domain.Predict;

namespace LabA.Tests.Shared;

/// <summary>
/// One answer of the predictor stand-in: status, body, and how long to wait before sending it. <see cref="Padding"/>
/// spaces and then <see cref="Suffix"/> follow the body, streamed in chunks: an answer too large to hold.
/// </summary>
public sealed record PredictorReply(int Status, string Body, TimeSpan Delay = default, int Padding = 0, string Suffix = "")
{
    public static readonly DateTimeOffset AnswerTimestamp = new(2025, 6, 1, 14, 35, 0, TimeSpan.Zero);

    public static PredictorReply Forecast(double cpu, int replicas) =>
        Answer(new PredictorAnswer(cpu, replicas, AnswerTimestamp, cpu, cpu, 2, 5, "test"));

    public static PredictorReply Answer(PredictorAnswer answer) => new(200, JsonSerializer.Serialize(answer, PredictJson.Default.PredictorAnswer));

    /// <summary>A whole answer with one field's JSON replaced by <paramref name="json"/> (or left out when null).</summary>
    public static PredictorReply WithField(string field, string? json)
    {
        var answer = JsonNode.Parse(Forecast(50, 4).Body)!.AsObject();
        answer.Remove(field);
        if (json is not null) answer[field] = JsonNode.Parse(json);
        return new(200, answer.ToJsonString());
    }

    public static PredictorReply Streamed(string body, int padding, string suffix) => new(200, body, Padding: padding, Suffix: suffix);
}
