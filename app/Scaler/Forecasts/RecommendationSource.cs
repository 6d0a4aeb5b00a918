using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Series;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;
using LabA.Prometheus;
using LabA.Scaler.Observations;

namespace LabA.Scaler.Forecasts;

/// <summary>
/// Where a run's recommendation comes from. Open loop (no PROMETHEUS_URL): the forecast for the ready time, by clock
/// (GET). Closed loop: the served model's card says its step and history; the load is read over the observation window;
/// a model that forecasts from recent observations gets them (POST), a calendar model is asked by clock (GET), and one whose
/// observations are optional gets them when they could be read and is asked by clock when not; then the reactive floor
/// lifts the forecast to what the load observed now needs.
/// </summary>
/// <remarks>
/// When the load cannot be observed, a calendar model still has its forecast: the run decides on it alone and says so
/// (<see cref="ReplicaRecommendation.Degradation"/>). A recent model has nothing to forecast from, so the
/// <see cref="ObservationException"/> fails the run before anything is changed. When the newest load is fresh but no
/// forecast can be made from the window (a gap longer than the fill limit, the predictor refusing or failing), the run
/// decides on the reactive floor alone, degraded, rather than not at all.
/// </remarks>
internal sealed class RecommendationSource : IDisposable
{
    /// <summary>Steps observed beyond the window the model reads, so that missed samples at its ends can be filled.</summary>
    public const int ExtraObservedSteps = 10;

    /// <summary>The step a workload without a model yet is observed at: the scrape interval of most clusters.</summary>
    public static readonly TimeSpan NoModelStep = TimeSpan.FromMinutes(1);

    private readonly ScalerSettings _settings;
    private readonly PredictorClient _predictor;
    private readonly PrometheusClient? _prometheus;
    private readonly LoadObserver? _observer;
    private readonly Workload? _workload;

    /// <summary>The single target of TARGET_DEPLOYMENT: the Predictor's replicas are the Scaler's, from the same mapping.</summary>
    public RecommendationSource(ScalerSettings settings, PredictorClient predictor, RunDeadline deadline)
    {
        _settings = settings;
        _predictor = predictor;
        if (settings.PrometheusUrl is not { } url) return;
        _prometheus = new PrometheusClient(
            ServerAddress.Parse(url.AbsoluteUri), attemptTimeout: Defaults.PrometheusQueryTimeout, remaining: () => deadline.RemainingForForecast);
        _observer = new LoadObserver(_prometheus, settings.EffectiveLoadQuery, settings.Rules.Mapping.MaxLoad, ScalerCatalogue.LoadQuery.Env);
    }

    /// <summary>
    /// One workload of WORKLOADS_FILE, observed through the run's shared Prometheus client (not disposed here). The
    /// Predictor does not know the workload's bounds: its provisioned load is mapped to replicas with the workload's own
    /// mapping, and a model that is not there yet leaves the decision to the observed demand.
    /// </summary>
    public RecommendationSource(ScalerSettings settings, PredictorClient predictor, PrometheusClient prometheus, Workload workload)
    {
        _settings = settings;
        _predictor = predictor;
        _workload = workload;
        _observer = new LoadObserver(prometheus, workload.Query, workload.Mapping.MaxLoad, $"the query of {workload}");
    }

    public async Task<ReplicaRecommendation> RecommendAsync(DateTimeOffset now, DateTimeOffset readyAt, CancellationToken cancellationToken)
    {
        var window = _settings.ForecastWindow;
        if (_observer is null) return new(await ForecastAsync(readyAt, window, cancellationToken));

        ServedModelCard card;
        try
        {
            card = await _predictor.ModelCardAsync(cancellationToken);
        }
        catch (PredictorException e) when (_workload is not null)
        {
            var observed = await _observer.ObserveAsync(now, NoModelStep, NoModelStep * ExtraObservedSteps, cancellationToken);
            return FloorOnly(ReactiveFloor.SustainedLoad(observed.Select(o => o.Value).ToList()),
                $"no model '{_workload.Model}' to forecast with ({e.Message}); the observed demand alone decides until the Predictor serves it "
                + "(the retrain job publishes it once the workload's history passes its gate)");
        }
        IReadOnlyList<Domain.Predict.ObservationItem> observations;
        try
        {
            // A few steps more than the model reads: a missed scrape at either end still leaves a full window once filled.
            var observed = (_settings.ObservationWindow ?? card.ObservationWindow) + card.Step * ExtraObservedSteps;
            observations = await _observer.ObserveAsync(now, card.Step, observed, cancellationToken);
        }
        catch (ObservationException e) when (!card.RequiresObservations)
        {
            return new(await ForecastAsync(readyAt, window, cancellationToken), Degradation: e.Message);
        }
        var load = ReactiveFloor.SustainedLoad(observations.Select(o => o.Value).ToList());
        // A model whose observations are optional is asked from them when there are some, from the clock when not.
        if (!card.UsesObservations || (card.ObservationsOptional && observations.Count == 0))
        {
            var calendar = await ForecastAsync(readyAt, window, cancellationToken);
            return new(calendar, ReactiveFloor.Apply(_settings.Rules.Mapping, calendar.RecommendedReplicas, load)) { Observations = observations, Step = card.Step };
        }
        if (observations.Count < card.HistoryPoints && !card.ObservationsOptional)
            return FloorOnly(load, $"{observations.Count} observations without a gap longer than {Durations.Format(LinearGapFill.DefaultMaxGap)} "
                                   + $"(the fill limit) end at the newest; the model needs {card.HistoryPoints}, so no forecast could be made");
        try
        {
            var answer = Mapped(await _predictor.ForecastFromAsync(observations, readyAt, window, cancellationToken));
            return new(answer, ReactiveFloor.Apply(_settings.Rules.Mapping, answer.RecommendedReplicas, load)) { Observations = observations, Step = card.Step };
        }
        catch (PredictorException e)
        {
            return FloorOnly(load, $"no forecast could be made: {e.Message}");
        }
    }

    private async Task<PredictorAnswer> ForecastAsync(DateTimeOffset readyAt, TimeSpan window, CancellationToken cancellationToken) =>
        Mapped(await _predictor.ForecastAsync(readyAt, window, cancellationToken));

    /// <summary>A workload's replicas for the provisioned load, by its own mapping; the single target's as the Predictor answered.</summary>
    private PredictorAnswer Mapped(PredictorAnswer answer) =>
        _workload is null ? answer : answer with { RecommendedReplicas = _settings.Rules.Mapping.Recommend(answer.ProvisionedCpu) };

    /// <summary>The observed load's floor alone: a degraded decision, which never scales below what the load needs now.</summary>
    private ReplicaRecommendation FloorOnly(double load, string why)
    {
        var floor = ReactiveFloor.Apply(_settings.Rules.Mapping, 0, load);
        return new(null, floor with { Winner = FloorWinner.Observed }, why);
    }

    public void Dispose() => _prometheus?.Dispose();
}
