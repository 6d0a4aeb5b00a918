using System.Text.Json.Serialization;

namespace LabA.Domain.Predict;

/// <summary>
/// The answer of /predict. The first three fields are the forecast and its replicas (what a client scales by); the
/// rest say what the recommendation rests on. Every field is required: a client refuses an answer that lacks one.
/// </summary>
/// <param name="PredictedCpu">The forecast for <paramref name="Timestamp"/>, in the unit the model was trained on.</param>
/// <param name="RecommendedReplicas">Replicas for the window's peak forecast plus the provisioning margin.</param>
/// <param name="Timestamp">The instant forecast: <c>at</c>, or the one the Predictor chose without it.</param>
/// <param name="PeakCpu">The largest forecast over the window.</param>
/// <param name="ProvisionedCpu">The peak plus the provisioning margin: what the replicas are for.</param>
/// <param name="WindowMinutes">The window the answer covers after <paramref name="Timestamp"/>.</param>
/// <param name="HorizonMinutes">How far past its newest input the model forecasts.</param>
/// <param name="ModelVersion">The card version of the model that answered.</param>
public sealed record PredictorAnswer(
    double PredictedCpu,
    int RecommendedReplicas,
    [property: JsonConverter(typeof(PredictTimestampConverter))] DateTimeOffset Timestamp,
    double PeakCpu,
    double ProvisionedCpu,
    int WindowMinutes,
    double HorizonMinutes,
    string ModelVersion);
