namespace LabA.Domain.Wiring;

/// <summary>
/// The binaryData keys of the <see cref="Names.ModelStore"/> ConfigMap. Mounted as a volume, each key is a file: the
/// serving model is model.zip and model.json, as in any model directory; the one it replaced is kept beside it for rollback.
/// </summary>
public static class ModelStoreKeys
{
    public const string Archive = "model.zip";
    public const string Card = "model.json";
    public const string PreviousArchive = "previous." + Archive;
    public const string PreviousCard = "previous." + Card;
}
