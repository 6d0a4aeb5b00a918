using LabA.Domain.Settings;
using LabA.Forecasting;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Models;

/// <summary>
/// The models in memory, one per content (<see cref="ModelFingerprint"/>): hundreds of workloads may share a few dozen
/// model files, and each loaded model costs megabytes, so places holding the same bytes serve one loaded model. A model
/// leaves memory when the last place serving it (and the last request computing with it) lets go.
/// </summary>
internal sealed class LoadedModels(PredictorSettings settings, PredictorMetrics metrics)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _byContent = new(StringComparer.Ordinal);

    /// <summary>How many distinct models are in memory.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _byContent.Count;
        }
    }

    /// <summary>
    /// The model whose files hash to <paramref name="fingerprint"/>, served from <paramref name="directory"/>: shared when
    /// already in memory (the same bytes verified once are verified), else read and verified. Null and the reason when it
    /// may not serve; null and no reason when the files changed while they were read, to judge at the next check.
    /// </summary>
    public (ServedModel? Served, string? Refusal) Load(string directory, string fingerprint, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_byContent.TryGetValue(fingerprint, out var known))
            {
                known.References++;
                return (Share(known, directory, now), null);
            }
        }
        // Verified outside the lock: it takes a while, and requests letting go of a model take the lock.
        var (model, margin, refusal) = ServedModel.Verify(directory, settings);
        if (ModelFingerprint.Of(directory) != fingerprint)
        {
            // Written to while it was read (a copy in progress, two files replaced one after the other): judge the
            // settled content at the next check rather than refuse a mix of old and new, or share it as what it is not.
            model?.Dispose();
            return (null, null);
        }
        if (model is null) return (null, refusal);
        lock (_lock)
        {
            // Only the check loop loads, so this content is new; were it not, the copy in memory is the one to share.
            if (_byContent.TryGetValue(fingerprint, out var known))
            {
                known.References++;
                model.Dispose();
                return (Share(known, directory, now), null);
            }
            var entry = new Entry(fingerprint, model, margin);
            _byContent.Add(fingerprint, entry);
            metrics.ModelsInMemory(_byContent.Count);
            return (Share(entry, directory, now), null);
        }
    }

    private ServedModel Share(Entry entry, string directory, DateTimeOffset now) =>
        new(entry.Model, entry.Margin, directory, now, () => LetGo(entry));

    private void LetGo(Entry entry)
    {
        lock (_lock)
        {
            if (--entry.References > 0) return;
            _byContent.Remove(entry.Fingerprint);
            metrics.ModelsInMemory(_byContent.Count);
        }
        entry.Model.Dispose();
    }

    private sealed class Entry(string fingerprint, ForecastModel model, double margin)
    {
        public string Fingerprint { get; } = fingerprint;
        public ForecastModel Model { get; } = model;
        public double Margin { get; } = margin;
        /// <summary>One per <see cref="ServedModel"/> sharing it; guarded by the cache's lock.</summary>
        public int References { get; set; } = 1;
    }
}
