using LabA.Domain.Settings;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Models;

/// <summary>
/// Loads the model at start and checks MODEL_DIR every MODEL_CHECK_INTERVAL for a new one: a model that verifies is
/// swapped in without a restart, one that does not is refused (counted, logged, shown on /model) and the model already
/// served keeps serving. While MODEL_DIR holds no model, BOOTSTRAP_MODEL_DIR's is served, if set.
/// </summary>
internal sealed class ModelReloader(ModelHost host, PredictorSettings settings, PredictorMetrics metrics, ILogger<ModelReloader> log)
    : BackgroundService
{
    // The process's own wall clock, not the one /predict forecasts from (which tests and replays may set).
    private static readonly TimeProvider Clock = TimeProvider.System;

    // Only the check loop (and the start, before it) touches this: a content already judged is not judged again.
    private string? _judged;
    private bool _bootstrapTried;

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
        if (host.Current is { } served)
            log.LogInformation("Serving model {Version} from {Directory}: horizon {Horizon}, step {Step}, {Mapping}, " +
                "provisioning for forecast + {Margin:0.##} (PROVISION_QUANTILE {Quantile}); checking {ModelDir} every {Interval}",
                served.Version, served.Source, served.Model.Horizon, served.Model.Step, settings.Mapping, served.ProvisioningMargin, settings.ProvisionQuantile,
                settings.ModelDirectory, Durations.Format(settings.ModelCheckInterval));
        else
            log.LogError("Not ready: {Reason}", host.UnavailableReason);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.ModelCheckInterval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) Check();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One look at MODEL_DIR: swap in a new good model, refuse a bad one, or do nothing when nothing changed.</summary>
    internal void Check()
    {
        var directory = settings.ModelDirectory;
        var before = ModelFingerprint.Of(directory);
        if (before == _judged) return;
        var (loaded, refusal) = ServedModel.Load(directory, settings, Clock.GetUtcNow());
        if (ModelFingerprint.Of(directory) != before)
        {
            // Written to while it was read (a copy in progress, two files replaced one after the other): judge the
            // settled content at the next check rather than refuse a mix of old and new.
            loaded?.Retire();
            return;
        }
        _judged = before;

        // A refusal is about content: once the store holds something else (nothing, the served model put back, a good
        // new one), /model must not keep showing it.
        if (loaded is null)
        {
            if (before != ModelFingerprint.Empty) Refuse(directory, refusal!);
            else host.Refused(null);
            if (host.Current is null) ServeBootstrap($"no model loaded from {directory}: {refusal}");
            return;
        }
        host.Refused(null);
        if (host.Current is { } current && current.IsSameModelAs(loaded))
        {
            loaded.Retire();
            return;
        }
        Serve(loaded, host.Current);
    }

    private void ServeBootstrap(string whyNotModelDir)
    {
        if (settings.BootstrapModelDirectory is not { } bootstrap || _bootstrapTried)
        {
            host.NothingToServe(whyNotModelDir);
            return;
        }
        _bootstrapTried = true;
        var (loaded, refusal) = ServedModel.Load(bootstrap, settings, Clock.GetUtcNow());
        if (loaded is null)
        {
            host.NothingToServe($"{whyNotModelDir}; nor from the bootstrap {bootstrap}: {refusal}");
            return;
        }
        Serve(loaded, null);
    }

    private void Serve(ServedModel loaded, ServedModel? replaced)
    {
        host.Publish(loaded);
        metrics.ModelServed(loaded, replaced);
        if (replaced is not null)
            log.LogInformation("Reloaded: serving model {Version} from {Directory} (was {Previous}); requests in flight finish on {Previous}",
                loaded.Version, loaded.Source, replaced.Version, replaced.Version);
    }

    private void Refuse(string directory, string reason)
    {
        host.Refused(new ModelRefusal(Clock.GetUtcNow(), directory, reason));
        metrics.ModelRefused();
        log.LogWarning("Refused the model in {Directory}, still serving {Version}: {Reason}",
            directory, host.Current?.Version ?? "nothing", reason);
    }
}
