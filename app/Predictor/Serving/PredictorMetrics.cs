using System.Reflection;
using System.Runtime.InteropServices;
using LabA.Forecasting.Model;
using Prometheus;

namespace LabA.Predictor.Serving;

/// <summary>
/// The service's Prometheus metrics. Each app instance has its own registry (not prometheus-net's static default) so
/// that several instances in one test process do not share counters; the HTTP middleware reports into it too.
/// </summary>
public sealed class PredictorMetrics
{
    private const string Prefix = "laba_predictor_";

    private readonly Counter _predictions;
    private readonly Gauge _lastPredictedCpu;
    private readonly Gauge _lastPeakCpu;
    private readonly Gauge _lastRecommendedReplicas;
    private readonly Gauge _modelLoaded;
    private readonly Gauge _modelInfo;

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
        _modelLoaded = Factory.CreateGauge(Prefix + "model_loaded", "1 when a model is loaded and predictions are served, else 0.");
        _modelInfo = Factory.CreateGauge(Prefix + "model_info", "The model served (always 1), with its version and feature set as labels.", ["version", "feature_set"]);

        var assembly = typeof(PredictorMetrics).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "unknown";
        Factory.CreateGauge(Prefix + "build_info", "The build running (always 1), with its version and .NET runtime as labels.", ["version", "runtime"])
            .WithLabels(version, RuntimeInformation.FrameworkDescription).Set(1);
    }

    public CollectorRegistry Registry { get; }
    public IMetricFactory Factory { get; }

    public void ModelServed(ModelCard? card)
    {
        _modelLoaded.Set(card is null ? 0 : 1);
        if (card is not null) _modelInfo.WithLabels(card.Version, card.FeatureSet).Set(1);
    }

    public void PredictionServed(string method, Recommendation recommendation)
    {
        _predictions.WithLabels(method).Inc();
        _lastPredictedCpu.Set(recommendation.PredictedCpu);
        _lastPeakCpu.Set(recommendation.PeakCpu);
        _lastRecommendedReplicas.Set(recommendation.RecommendedReplicas);
    }
}
