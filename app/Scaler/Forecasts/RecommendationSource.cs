using LabA.Domain.Scaling;
using LabA.Domain.Wiring;
using LabA.Prometheus;
using LabA.Scaler.Observations;

namespace LabA.Scaler.Forecasts;

/// <summary>
/// Where a run's recommendation comes from. Open loop (no PROMETHEUS_URL): the forecast for the ready time, by clock
/// (GET). Closed loop: the served model's card says its step and history; the load is read over the observation window;
/// a model that forecasts from recent observations gets them (POST), a calendar model is asked by clock (GET); then the
/// reactive floor lifts the forecast to what the load observed now needs.
/// </summary>
/// <remarks>
/// When the load cannot be observed, a calendar model still has its forecast: the run decides on it alone and says so
/// (<see cref="ReplicaRecommendation.Degradation"/>). A recent model has nothing to forecast from, so the
/// <see cref="ObservationException"/> fails the run before anything is changed.
/// </remarks>
internal sealed class RecommendationSource : IDisposable
{
    private readonly ScalerSettings _settings;
    private readonly PredictorClient _predictor;
    private readonly PrometheusClient? _prometheus;
    private readonly LoadObserver? _observer;

    public RecommendationSource(ScalerSettings settings, PredictorClient predictor, RunDeadline deadline)
    {
        _settings = settings;
        _predictor = predictor;
        if (settings.PrometheusUrl is not { } url) return;
        _prometheus = new PrometheusClient(
            ServerAddress.Parse(url.AbsoluteUri), attemptTimeout: Defaults.PrometheusQueryTimeout, remaining: () => deadline.RemainingForForecast);
        _observer = new LoadObserver(_prometheus, settings.EffectiveLoadQuery);
    }

    public async Task<ReplicaRecommendation> RecommendAsync(DateTimeOffset now, DateTimeOffset readyAt, CancellationToken cancellationToken)
    {
        var window = _settings.ForecastWindow;
        if (_observer is null) return new(await _predictor.ForecastAsync(readyAt, window, cancellationToken));

        var card = await _predictor.ModelCardAsync(cancellationToken);
        IReadOnlyList<Domain.Predict.ObservationItem> observations;
        try
        {
            observations = await _observer.ObserveAsync(now, card.Step, _settings.ObservationWindow ?? card.ObservationWindow, cancellationToken);
        }
        catch (ObservationException e) when (!card.NeedsObservations)
        {
            return new(await _predictor.ForecastAsync(readyAt, window, cancellationToken), Degradation: e.Message);
        }
        var answer = card.NeedsObservations
            ? await _predictor.ForecastFromAsync(observations, readyAt, window, cancellationToken)
            : await _predictor.ForecastAsync(readyAt, window, cancellationToken);
        return new(answer, ReactiveFloor.Apply(_settings.Rules.Mapping, answer.RecommendedReplicas,
            ReactiveFloor.SustainedLoad(observations.Select(o => o.Value).ToList())));
    }

    public void Dispose() => _prometheus?.Dispose();
}
