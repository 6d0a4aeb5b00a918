using System.Security.Cryptography;
using System.Text;
using LabA.Forecasting;

namespace LabA.Predictor.Models;

/// <summary>
/// What a model directory holds now, as one string that changes whenever either file's content does: a hash of both,
/// read through any symlinks. That sees a plain file replaced, a rename over it, and the kubelet's swap of a ConfigMap
/// volume's <c>..data</c> link alike, with no reliance on timestamps or file-change events (which a symlink swap does
/// not raise for the linked names). <see cref="Stamp"/> is the cheap look that spares most hashes.
/// </summary>
internal static class ModelFingerprint
{
    /// <summary>Neither file is there: nothing to load, which is not a refusal (an empty model store, a fresh cluster).</summary>
    public const string Empty = "empty";

    private const string DataLink = "..data";

    /// <summary>
    /// The target of a ConfigMap volume's <c>..data</c> link and each file's size and last write time: what changes
    /// when the files do, short of a write that keeps both size and time, for a few file-system lookups where
    /// <see cref="Of"/> reads and hashes every byte (hundreds of models every few seconds). Null when it cannot be read.
    /// </summary>
    public static string? Stamp(string directory)
    {
        try
        {
            var stamp = new StringBuilder(new FileInfo(Path.Combine(directory, DataLink)).LinkTarget);
            foreach (var name in new[] { ForecastModel.CardFileName, ForecastModel.ModelFileName })
            {
                var file = new FileInfo(Path.Combine(directory, name));
                stamp.Append('|');
                if (file.Exists) stamp.Append(file.Length).Append(':').Append(file.LastWriteTimeUtc.Ticks).Append(':').Append(file.LinkTarget);
            }
            return stamp.ToString();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string Of(string directory)
    {
        var card = Path.Combine(directory, ForecastModel.CardFileName);
        var archive = Path.Combine(directory, ForecastModel.ModelFileName);
        try
        {
            if (!File.Exists(card) && !File.Exists(archive)) return Empty;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var file in new[] { card, archive })
            {
                hash.AppendData(File.Exists(file) ? File.ReadAllBytes(file) : "missing"u8.ToArray());
                hash.AppendData([0]);
            }
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable is a state too: verifying it again at every check would only refuse it again.
            return "unreadable: " + e.Message;
        }
    }
}
