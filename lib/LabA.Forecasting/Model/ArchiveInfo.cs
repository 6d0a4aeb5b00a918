using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LabA.Forecasting.Model;

/// <summary>
/// What binds model.json to the model.zip it was written with: the archive's size and SHA-256 (checkable by hand with
/// <c>sha256sum model.zip</c>), and a seal over that hash and the card fields the archive was trained with. A zip from
/// another training run, or a card whose step, horizon or features were edited afterwards, no longer matches.
/// </summary>
public sealed record ArchiveInfo(string File, long Bytes, string Sha256, string Seal)
{
    public static ArchiveInfo Of(string file, ReadOnlySpan<byte> archive, ModelCard card)
    {
        var sha256 = Hex(SHA256.HashData(archive));
        return new ArchiveInfo(file, archive.Length, sha256, SealOf(sha256, card));
    }

    /// <summary>Why <paramref name="archive"/> and <paramref name="card"/> are not one model, or null when they are.</summary>
    public string? Mismatch(ReadOnlySpan<byte> archive, ModelCard card)
    {
        if (archive.Length != Bytes || Hex(SHA256.HashData(archive)) != Sha256)
            return $"{File} is not the archive this card was written with (card: {Bytes} bytes, SHA-256 {Sha256}; " +
                   $"file: {archive.Length} bytes, SHA-256 {Hex(SHA256.HashData(archive))}): the two come from different training runs";
        if (SealOf(Sha256, card) != Seal)
            return $"the card's feature set, features, target, horizon, step, history or rolling window " +
                $"are not the ones {File} was trained with (its seal does not match): the card was edited after training";
        return null;
    }

    /// <summary>The fields that decide how the archive's inputs are built and what its output means, in one canonical line.</summary>
    private static string SealOf(string archiveSha256, ModelCard card) => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
        archiveSha256, card.FeatureSet, string.Join(',', card.Features), card.Target,
        card.Horizon.Ticks.ToString(CultureInfo.InvariantCulture), card.Step.Ticks.ToString(CultureInfo.InvariantCulture),
        card.HistoryPoints.ToString(CultureInfo.InvariantCulture), card.RollingWindow.Ticks.ToString(CultureInfo.InvariantCulture)))));

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
