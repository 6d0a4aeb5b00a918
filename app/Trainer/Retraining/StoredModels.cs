using k8s.Models;
using LabA.Domain.Wiring;

namespace LabA.Trainer.Retraining;

/// <summary>The model store as read: the ConfigMap (its resourceVersion is the precondition of the next write) and the models it holds.</summary>
public sealed record StoredModels(V1ConfigMap ConfigMap)
{
    public string ResourceVersion => ConfigMap.Metadata.ResourceVersion;

    /// <summary>The serving model's bytes; null when the store holds none yet (a fresh cluster serves the image's model).</summary>
    public ModelUnit? Current => Unit(ModelStoreKeys.Archive, ModelStoreKeys.Card);

    /// <summary>The model the current one replaced, kept for rollback; null before the second promotion.</summary>
    public ModelUnit? Previous => Unit(ModelStoreKeys.PreviousArchive, ModelStoreKeys.PreviousCard);

    /// <summary>A key without its partner reads as empty bytes, which verification refuses naming the file.</summary>
    private ModelUnit? Unit(string archiveKey, string cardKey)
    {
        var binary = ConfigMap.BinaryData;
        var archive = binary?.TryGetValue(archiveKey, out var a) == true ? a : null;
        var card = binary?.TryGetValue(cardKey, out var c) == true ? c : null;
        return archive is null && card is null ? null : new ModelUnit(archive ?? [], card ?? []);
    }
}
