using System.Collections.Frozen;
using System.Text.RegularExpressions;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Models;

/// <summary>
/// Workloads mode: the models of MODELS_DIR by name, each served at <c>/workloads/&lt;model&gt;/</c>. Every
/// subdirectory whose name is a model name (a DNS label of at most <see cref="WorkloadList.MaxModelNameLength"/>
/// characters) is one model, reloaded as MODEL_DIR is (<see cref="ModelSlot"/>); the periodic check also picks up
/// directories that appear (a ConfigMap mounted for a new workload) and drops those that go. Requests read an immutable
/// snapshot, so that a lookup among hundreds of models takes no lock.
/// </summary>
internal sealed partial class WorkloadModels(LoadedModels models, PredictorSettings settings, PredictorMetrics metrics, ILogger<WorkloadModels> log)
    : IDisposable
{
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private volatile string? _unreadable = "not read yet";

    /// <summary>MODELS_DIR, or null when the Predictor serves the single model of /predict alone.</summary>
    public string? Root => settings.ModelsDirectory;

    /// <summary>The models' names, in order.</summary>
    public IReadOnlyList<string> Names => _snapshot.Names;

    /// <summary>How many of them serve a model now.</summary>
    public int ServedCount => _snapshot.Slots.Values.Count(slot => slot.Host.Current is not null);

    /// <summary>Why MODELS_DIR could not be listed at the last check; null when it could.</summary>
    public string? Unreadable => Root is null ? null : _unreadable;

    public static bool IsModelName(string name) => name.Length <= WorkloadList.MaxModelNameLength && ModelName().IsMatch(name);

    /// <summary>Where the model named <paramref name="name"/> is served, or null when MODELS_DIR holds no such model.</summary>
    public ModelHost? Find(string name) => _snapshot.Slots.GetValueOrDefault(name)?.Host;

    /// <summary>One look at MODELS_DIR: new directories become models, gone ones stop serving, and every model is checked.</summary>
    internal void Check()
    {
        if (Root is not { } root) return;
        var snapshot = _snapshot;
        if (List(root) is { } names && !names.SequenceEqual(snapshot.Names, StringComparer.Ordinal))
        {
            var slots = new Dictionary<string, ModelSlot>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (snapshot.Slots.TryGetValue(name, out var known))
                {
                    slots[name] = known;
                    continue;
                }
                var slot = new ModelSlot(new ModelHost(name), workload: true, Path.Combine(root, name), null, models, settings, metrics, log);
                // Judged before it is listed, so that its first answer is about its model, not about a check still to come.
                CheckOne(slot);
                slots[name] = slot;
            }
            _snapshot = new Snapshot(slots.ToFrozenDictionary(StringComparer.Ordinal), names);
            foreach (var (name, gone) in snapshot.Slots)
                if (!slots.ContainsKey(name)) gone.Close();
            metrics.WorkloadModels(names.Length);
            snapshot = _snapshot;
        }
        foreach (var name in snapshot.Names) CheckOne(snapshot.Slots[name]);
    }

    /// <summary>Whatever one directory holds, it must not stop the checks of the hundreds of others.</summary>
    private void CheckOne(ModelSlot slot)
    {
        try
        {
            slot.Check();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogError(e, "Checking model {Model} in {Directory} failed; it keeps serving what it served and is checked again next time", slot.Name, slot.Directory);
        }
    }

    /// <summary>The model names in <paramref name="root"/>, or null (the models served so far keep serving) when it cannot be read.</summary>
    private string[]? List(string root)
    {
        try
        {
            var names = Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>().Where(IsModelName).Order(StringComparer.Ordinal).ToArray();
            _unreadable = null;
            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = $"{PredictorCatalogue.ModelsDir.Env} {root} cannot be read: {e.Message}";
            if (_unreadable != reason) log.LogWarning("{Reason}; the models already served keep serving", reason);
            _unreadable = reason;
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var slot in _snapshot.Slots.Values) slot.Host.Dispose();
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex ModelName();

    private sealed record Snapshot(FrozenDictionary<string, ModelSlot> Slots, string[] Names)
    {
        public static readonly Snapshot Empty = new(FrozenDictionary<string, ModelSlot>.Empty, []);
    }
}
