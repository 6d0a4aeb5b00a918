using LabA.Domain.Settings;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Models;

/// <summary>
/// One model directory and the model it serves (<see cref="Host"/>): MODEL_DIR, or one model of MODELS_DIR. Each
/// <see cref="Check"/> swaps in a new model that verifies, refuses one that does not (counted, logged, shown on /model)
/// while the model already served keeps serving, and does nothing when the content is the one already judged. While
/// the directory holds no model, the bootstrap directory's is served, if there is one.
/// </summary>
internal sealed class ModelSlot
{
    // The process's own wall clock, not the one /predict forecasts from (which tests and replays may set).
    private static readonly TimeProvider Clock = TimeProvider.System;

    private readonly LoadedModels _models;
    private readonly PredictorSettings _settings;
    private readonly PredictorMetrics _metrics;
    private readonly ILogger _log;
    private readonly string? _bootstrap;
    // What messages about this slot start with: nothing for the one model of /predict, whose messages name MODEL_DIR.
    private readonly string _prefix;

    /// <summary>
    /// Checks that trust an unchanged <see cref="ModelFingerprint.Stamp"/> in a row before hashing anyway: a write that
    /// kept both size and time is still seen, within a minute at the default interval.
    /// </summary>
    internal const int HashEvery = 12;

    // Only the check loop touches these: a content already judged is not judged again.
    private string? _judged;
    // The stamp of the directory when it held the content judged; null when it must be hashed at the next check.
    private string? _stamp;
    private int _unhashedChecks;
    private bool _bootstrapTried;

    /// <param name="host">Where it publishes; its name labels the metrics: the model's name, or <see cref="PredictorMetrics.SingleModel"/>.</param>
    /// <param name="workload">True for a model of MODELS_DIR: its messages then name it.</param>
    public ModelSlot(ModelHost host, bool workload, string directory, string? bootstrap, LoadedModels models, PredictorSettings settings,
        PredictorMetrics metrics, ILogger log)
    {
        Host = host;
        Directory = directory;
        _bootstrap = bootstrap;
        _models = models;
        _settings = settings;
        _metrics = metrics;
        _log = log;
        _prefix = workload ? $"model {host.Name}: " : "";
        metrics.SlotOpened(host.Name);
    }

    public ModelHost Host { get; }
    public string Name => Host.Name;
    public string Directory { get; }

    /// <summary>One look at the directory: swap in a new good model, refuse a bad one, or do nothing when nothing changed.</summary>
    public void Check()
    {
        // Taken before the hash: a change after it shows as a new stamp next time, so the stamp never hides one.
        var stamp = ModelFingerprint.Stamp(Directory);
        if (stamp is not null && stamp == _stamp && ++_unhashedChecks < HashEvery) return;
        _unhashedChecks = 0;
        var before = ModelFingerprint.Of(Directory);
        _stamp = before == _judged ? stamp : null;
        if (before == _judged) return;
        var (loaded, refusal) = _models.Load(Directory, before, Clock.GetUtcNow());
        if (loaded is null && refusal is null) return; // changed while it was read: judged settled, at the next check
        _judged = before;
        _stamp = stamp;

        // A refusal is about content: once the directory holds something else (nothing, the served model put back, a
        // good new one), /model must not keep showing it.
        if (loaded is null)
        {
            if (before != ModelFingerprint.Empty) Refuse(refusal!);
            else Host.Refused(null);
            if (Host.Current is null) ServeBootstrap($"{_prefix}no model loaded from {Directory}: {refusal}");
            return;
        }
        Host.Refused(null);
        if (Host.Current is { } current && current.IsSameModelAs(loaded))
        {
            loaded.Retire();
            return;
        }
        Serve(loaded, Host.Current);
    }

    /// <summary>The directory is gone: serve nothing more from it, and drop its metrics.</summary>
    public void Close()
    {
        _metrics.SlotClosed(Name, Host.Current);
        Host.NothingToServe($"{_prefix}{Directory} is gone");
        Host.Dispose();
        _log.LogInformation("No longer serving model {Model}: {Directory} is gone", Name, Directory);
    }

    private void ServeBootstrap(string whyNotDirectory)
    {
        if (_bootstrap is not { } bootstrap || _bootstrapTried)
        {
            Host.NothingToServe(whyNotDirectory);
            return;
        }
        _bootstrapTried = true;
        var (loaded, refusal) = ServedModel.Load(bootstrap, _settings, Clock.GetUtcNow());
        if (loaded is null)
        {
            Host.NothingToServe($"{whyNotDirectory}; nor from the bootstrap {bootstrap}: {refusal}");
            return;
        }
        Serve(loaded, null);
    }

    private void Serve(ServedModel loaded, ServedModel? replaced)
    {
        Host.Publish(loaded);
        _metrics.ModelServed(Name, loaded, replaced);
        if (replaced is not null)
            _log.LogInformation("Reloaded {Model}: serving model {Version} from {Directory} (was {Previous}); requests in flight finish on {Previous}",
                Name, loaded.Version, loaded.Source, replaced.Version, replaced.Version);
        else if (_prefix.Length > 0)
            _log.LogInformation("Serving model {Model}: {Version} from {Directory}", Name, loaded.Version, loaded.Source);
    }

    private void Refuse(string reason)
    {
        Host.Refused(new ModelRefusal(Clock.GetUtcNow(), Directory, reason));
        _metrics.ModelRefused(Name);
        _log.LogWarning("Refused the model {Model} in {Directory}, still serving {Version}: {Reason}",
            Name, Directory, Host.Current?.Version ?? "nothing", reason);
    }
}
