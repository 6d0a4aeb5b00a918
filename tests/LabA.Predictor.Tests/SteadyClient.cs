using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using LabA.Domain.Predict;
using LabA.Forecasting;

namespace LabA.Predictor.Tests;

/// <summary>
/// Clients asking /predict back to back, e.g. through a model swap: every answer is kept with the version it names, and
/// every request that was not answered 200 is a failure.
/// </summary>
public sealed class SteadyClient
{
    private static readonly DateTimeOffset Monday = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<(string Version, double Cpu, DateTimeOffset At)> _answers = [];
    private readonly ConcurrentBag<string> _failures = [];
    private readonly Task[] _clients;

    public SteadyClient(HttpClient client, int parallel) => _clients = [.. Enumerable.Range(0, parallel).Select(c => Task.Run(async () =>
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var at = Monday.AddMinutes((c * 997 + i * 13) % 10080);
            try
            {
                using var response = await client.GetAsync($"{PredictRoutes.Predict}?{PredictQueryKeys.At}={PredictTimestamp.Write(at)}");
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    _failures.Add($"{(int)response.StatusCode}: {body}");
                    continue;
                }
                var answer = JsonDocument.Parse(body).RootElement;
                _answers.Add((answer.GetProperty(PredictJson.FieldName(nameof(PredictorAnswer.ModelVersion))).GetString()!,
                    answer.GetProperty(PredictJson.FieldName(nameof(PredictorAnswer.PredictedCpu))).GetDouble(), at));
            }
            catch (HttpRequestException e)
            {
                _failures.Add(e.Message);
            }
        }
    }))];

    /// <summary>
    /// Stops the clients and asserts no request failed, each of <paramref name="mustSee"/> answered, and every answer is
    /// the forecast of the model whose version it names, one of <paramref name="served"/>.
    /// </summary>
    public async Task StopAndAssert(IReadOnlyCollection<ForecastModel> served, IReadOnlyCollection<ForecastModel> mustSee)
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
        Assert.Empty(_failures);
        var byVersion = served.ToDictionary(model => model.Card.Version);
        foreach (var model in mustSee) Assert.Contains(_answers, answer => answer.Version == model.Card.Version);
        foreach (var (version, cpu, at) in _answers)
        {
            Assert.True(byVersion.TryGetValue(version, out var model), $"an answer named model {version}, which was never served");
            Assert.Equal(Math.Round(model!.Predict(at), 2), cpu);
        }
    }
}
