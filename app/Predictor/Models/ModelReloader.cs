using LabA.Domain.Settings;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Models;

/// <summary>
/// Loads the models at start and checks their directories every MODEL_CHECK_INTERVAL: MODEL_DIR (served at /predict,
/// with BOOTSTRAP_MODEL_DIR's model while it holds none) and, when set, every model of MODELS_DIR. One loop checks them
/// all, however many there are.
/// </summary>
internal sealed class ModelReloader : BackgroundService
{
    // The process's own wall clock, not the one /predict forecasts from (which tests and replays may set).
    private static readonly TimeProvider Clock = TimeProvider.System;

    private readonly ModelSlot _single;
    private readonly WorkloadModels _workloads;
    private readonly LoadedModels _models;
    private readonly PredictorSettings _settings;
    private readonly ILogger<ModelReloader> _log;

    public ModelReloader(ModelHost host, LoadedModels models, WorkloadModels workloads, PredictorSettings settings, PredictorMetrics metrics,
        ILogger<ModelReloader> log)
    {
        _single = new ModelSlot(host, workload: false, settings.ModelDirectory, settings.BootstrapModelDirectory, models, settings, metrics, log);
        _workloads = workloads;
        _models = models;
        _settings = settings;
        _log = log;
    }

    /// <summary>
    /// The first load, before the service listens (hosted services start before the web server), so that /ready is
    /// right from the first probe; then the checks every MODEL_CHECK_INTERVAL.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        LoadAtStart();
        return base.StartAsync(cancellationToken);
    }

    private void LoadAtStart()
    {
        Check();
        var host = _single.Host;
        if (host.Current is { } served)
            _log.LogInformation("Serving model {Version} from {Directory}: horizon {Horizon}, step {Step}, {Mapping}, " +
                "provisioning for forecast + {Margin:0.##} (PROVISION_QUANTILE {Quantile}); checking {ModelDir} every {Interval}",
                served.Version, served.Source, served.Model.Horizon, served.Model.Step, _settings.Mapping, served.ProvisioningMargin, _settings.ProvisionQuantile,
                _settings.ModelDirectory, Durations.Format(_settings.ModelCheckInterval));
        else if (_workloads.Root is null)
            _log.LogError("Not ready: {Reason}", host.UnavailableReason);
        else
            _log.LogInformation("No model at /predict: {Reason}", host.UnavailableReason);
        if (_workloads.Root is { } root)
            _log.LogInformation("Serving {Served} of the {Count} models in {ModelsDir} at /workloads/<model>/ ({InMemory} in memory); checking every {Interval}",
                _workloads.ServedCount, _workloads.Names.Count, root, _models.Count, Durations.Format(_settings.ModelCheckInterval));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_settings.ModelCheckInterval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) Check();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One look at every model directory.</summary>
    internal void Check()
    {
        _single.Check();
        _workloads.Check();
    }
}
