using System.Reflection;
using System.Runtime.InteropServices;
using LabA.Domain.Predict;
using LabA.Domain.Settings;
using LabA.Predictor.Models;
using Prometheus;

namespace LabA.Predictor.Serving;

/// <summary>
/// The service's Prometheus metrics. Each app instance has its own registry (not prometheus-net's static default) so
/// that several instances in one test process do not share counters; the HTTP middleware reports into it too. The
/// metrics of a model carry its name as the <c>model</c> label (<see cref="SingleModel"/> for /predict's): only names of
/// directories that exist, whose series go with them, so the label stays bounded.
/// </summary>
internal sealed class PredictorMetrics
{
    /// <summary>
    /// The <c>model</c> label of MODEL_DIR's model, served at /predict: upper case, so no model of MODELS_DIR (a DNS
    /// label) can share its series.
    /// </summary>
    public static readonly string SingleModel = PredictorCatalogue.ModelDir.Env;
    public const string ModelLabel = "model";

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
    private readonly Gauge _modelsInMemory;
    private readonly Gauge _workloadModels;

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

        _predictions = Factory.CreateCounter(Prefix + "predictions_total", "Forecasts served, by model and request method.", [ModelLabel, "method"]);
        _lastPredictedCpu = Factory.CreateGauge(Prefix + "last_predicted_cpu", "CPU% forecast for the target instant of the last prediction served.", [ModelLabel]);
        _lastPeakCpu = Factory.CreateGauge(Prefix + "last_peak_cpu", "Highest CPU% forecast over the window of the last prediction served.", [ModelLabel]);
        _lastRecommendedReplicas = Factory.CreateGauge(Prefix + "last_recommended_replicas", "Replicas recommended by the last prediction served.", [ModelLabel]);
        _lastTarget = Factory.CreateGauge(Prefix + "last_target_timestamp_seconds", "The instant the last prediction served forecast (Unix time).", [ModelLabel]);
        _lastHorizon = Factory.CreateGauge(Prefix + "last_horizon_seconds",
            "How far the last prediction served looked ahead: its target less its reference (now for GET, the newest observation for POST).", [ModelLabel]);
        _modelLoaded = Factory.CreateGauge(Prefix + "model_loaded", "1 when a model is loaded and predictions are served, else 0.", [ModelLabel]);
        _modelInfo = Factory.CreateGauge(Prefix + "model_info", "The model served (always 1), with its version and feature set as labels.", [ModelLabel, "version", "feature_set"]);
        _modelLoadedAt = Factory.CreateGauge(Prefix + "model_loaded_timestamp_seconds", "When the model served was loaded (Unix time).", [ModelLabel]);
        _reloads = Factory.CreateCounter(Prefix + "model_reloads_total", "Models swapped in from their directory without a restart.", [ModelLabel]);
        _refusals = Factory.CreateCounter(Prefix + "model_refusals_total", "Models found in their directory and refused (failed verification or MODEL_VERSION), each content once.",
            [ModelLabel]);
        _modelsInMemory = Factory.CreateGauge(Prefix + "models_in_memory", "Distinct models loaded: directories holding the same files share one.");
        _workloadModels = Factory.CreateGauge(Prefix + "workload_models", "Model directories in MODELS_DIR, each served at /workloads/<model>/.");

        var assembly = typeof(PredictorMetrics).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "unknown";
        Factory.CreateGauge(Prefix + "build_info", "The build running (always 1), with its version and .NET runtime as labels.", ["version", "runtime"])
            .WithLabels(version, RuntimeInformation.FrameworkDescription).Set(1);
    }

    public CollectorRegistry Registry { get; }
    public IMetricFactory Factory { get; }

    /// <summary>A model directory is served from now on: its model's series start at 0.</summary>
    public void SlotOpened(string model)
    {
        _modelLoaded.WithLabels(model).Set(0);
        _reloads.WithLabels(model);
        _refusals.WithLabels(model);
    }

    /// <summary>A model directory is gone: every series of its model goes with it.</summary>
    public void SlotClosed(string model, ServedModel? served)
    {
        if (served is not null) _modelInfo.RemoveLabelled(model, served.Version, served.Model.Card.FeatureSet);
        foreach (var gauge in new[] { _modelLoaded, _modelLoadedAt, _lastPredictedCpu, _lastPeakCpu, _lastRecommendedReplicas, _lastTarget, _lastHorizon })
            gauge.RemoveLabelled(model);
        _reloads.RemoveLabelled(model);
        _refusals.RemoveLabelled(model);
        foreach (var method in new[] { HttpMethods.Get, HttpMethods.Post }) _predictions.RemoveLabelled(model, method);
    }

    /// <summary><paramref name="served"/> is served from now on, in place of <paramref name="replaced"/> (a reload) or of nothing.</summary>
    public void ModelServed(string model, ServedModel served, ServedModel? replaced)
    {
        // One model_info series per model at a time: the replaced version's goes, so reloads never pile up series.
        if (replaced is not null)
        {
            _modelInfo.RemoveLabelled(model, replaced.Version, replaced.Model.Card.FeatureSet);
            _reloads.WithLabels(model).Inc();
        }
        _modelInfo.WithLabels(model, served.Version, served.Model.Card.FeatureSet).Set(1);
        _modelLoadedAt.WithLabels(model).Set(served.LoadedAt.ToUnixTimeMilliseconds() / 1000.0);
        _modelLoaded.WithLabels(model).Set(1);
    }

    public void ModelRefused(string model) => _refusals.WithLabels(model).Inc();

    public void ModelsInMemory(int count) => _modelsInMemory.Set(count);

    public void WorkloadModels(int count) => _workloadModels.Set(count);

    /// <summary>The last answer, as Prometheus then holds forecast against actual: <paramref name="reference"/> is the "now" it forecast from.</summary>
    public void PredictionServed(ModelHost host, string method, PredictorAnswer answer, DateTimeOffset reference)
    {
        // A request that finishes after its directory went must not bring back the series dropped with it.
        if (host.Closed) return;
        var model = host.Name;
        _predictions.WithLabels(model, method).Inc();
        _lastPredictedCpu.WithLabels(model).Set(answer.PredictedCpu);
        _lastPeakCpu.WithLabels(model).Set(answer.PeakCpu);
        _lastRecommendedReplicas.WithLabels(model).Set(answer.RecommendedReplicas);
        _lastTarget.WithLabels(model).Set(answer.Timestamp.ToUnixTimeMilliseconds() / 1000.0);
        _lastHorizon.WithLabels(model).Set((answer.Timestamp - reference).TotalSeconds);
    }
}
