using System.Reflection;
using System.Runtime.InteropServices;
using LabA.Domain.Predict;
using LabA.Predictor.Models;
using Prometheus;

namespace LabA.Predictor.Serving;

/// <summary>
/// The service's Prometheus metrics. Each app instance has its own registry (not prometheus-net's static default) so
/// that several instances in one test process do not share counters; the HTTP middleware reports into it too.
/// </summary>
internal sealed class PredictorMetrics
{
    private const string Prefix = "laba_predictor_";

    private readonly Counter _predictions;
    private readonly Gauge _lastPredictedCpu;
    private readonly Gauge _lastPeakCpu;
    private readonly Gauge _lastRecommendedReplicas;
    private readonly Gauge _lastTarget;
    private readonly Gauge _lastHorizon;
    private readonly Gauge _modelLoaded;
    private readonly Gauge _modelInfo;
    private readonly Gauge _modelLoadedAt;
    private readonly Counter _reloads;
    private readonly Counter _refusals;

    static PredictorMetrics()
    {
        // Only the per-app registry is exported: keep the static default one from ever listening to .NET event
        // counters and meters (ASP.NET Core reports every request to a meter) for nobody.
        Metrics.SuppressDefaultMetrics();
    }

    public PredictorMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        Factory = Metrics.WithCustomRegistry(Registry);

        _predictions = Factory.CreateCounter(Prefix + "predictions_total", "Forecasts served, by request method.", ["method"]);
        _lastPredictedCpu = Factory.CreateGauge(Prefix + "last_predicted_cpu", "CPU% forecast for the target instant of the last prediction served.");
        _lastPeakCpu = Factory.CreateGauge(Prefix + "last_peak_cpu", "Highest CPU% forecast over the window of the last prediction served.");
        _lastRecommendedReplicas = Factory.CreateGauge(Prefix + "last_recommended_replicas", "Replicas recommended by the last prediction served.");
        _lastTarget = Factory.CreateGauge(Prefix + "last_target_timestamp_seconds", "The instant the last prediction served forecast (Unix time).");
        _lastHorizon = Factory.CreateGauge(Prefix + "last_horizon_seconds",
            "How far the last prediction served looked ahead: its target less its reference (now for GET, the newest observation for POST).");
        _modelLoaded = Factory.CreateGauge(Prefix + "model_loaded", "1 when a model is loaded and predictions are served, else 0.");
        _modelInfo = Factory.CreateGauge(Prefix + "model_info", "The model served (always 1), with its version and feature set as labels.", ["version", "feature_set"]);
        _modelLoadedAt = Factory.CreateGauge(Prefix + "model_loaded_timestamp_seconds", "When the model served was loaded (Unix time).");
        _reloads = Factory.CreateCounter(Prefix + "model_reloads_total", "Models swapped in from MODEL_DIR without a restart.");
        _refusals = Factory.CreateCounter(Prefix + "model_refusals_total", "Models found in MODEL_DIR and refused (failed verification or MODEL_VERSION), each content once.");

        var assembly = typeof(PredictorMetrics).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "unknown";
        Factory.CreateGauge(Prefix + "build_info", "The build running (always 1), with its version and .NET runtime as labels.", ["version", "runtime"])
            .WithLabels(version, RuntimeInformation.FrameworkDescription).Set(1);
    }

    public CollectorRegistry Registry { get; }
    public IMetricFactory Factory { get; }

    /// <summary><paramref name="served"/> is served from now on, in place of <paramref name="replaced"/> (a reload) or of nothing.</summary>
    public void ModelServed(ServedModel served, ServedModel? replaced)
    {
        // One model_info series at a time: the replaced version's goes, so reloads never pile up series.
        if (replaced is not null)
        {
            _modelInfo.RemoveLabelled(replaced.Version, replaced.Model.Card.FeatureSet);
            _reloads.Inc();
        }
        _modelInfo.WithLabels(served.Version, served.Model.Card.FeatureSet).Set(1);
        _modelLoadedAt.Set(served.LoadedAt.ToUnixTimeMilliseconds() / 1000.0);
        _modelLoaded.Set(1);
    }

    public void ModelRefused() => _refusals.Inc();

    /// <summary>The last answer, as Prometheus then holds forecast against actual: <paramref name="reference"/> is the "now" it forecast from.</summary>
    public void PredictionServed(string method, PredictorAnswer answer, DateTimeOffset reference)
    {
        _predictions.WithLabels(method).Inc();
        _lastPredictedCpu.Set(answer.PredictedCpu);
        _lastPeakCpu.Set(answer.PeakCpu);
        _lastRecommendedReplicas.Set(answer.RecommendedReplicas);
        _lastTarget.Set(answer.Timestamp.ToUnixTimeMilliseconds() / 1000.0);
        _lastHorizon.Set((answer.Timestamp - reference).TotalSeconds);
    }
}
