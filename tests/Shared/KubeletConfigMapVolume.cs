using System.Globalization;
using System.Runtime.InteropServices;

namespace LabA.Tests.Shared;

/// <summary>
/// A ConfigMap volume as the kubelet's AtomicWriter lays it out: the keys as files in a timestamped directory
/// <c>..2026_12_02_10_00_00.000000001</c>, the symlink <c>..data</c> pointing at it, and one symlink per key
/// (<c>model.zip -> ..data/model.zip</c>). An update writes a new timestamped directory, points a temporary symlink at
/// it, renames that over <c>..data</c> (the one atomic step readers can observe) and removes the old directory.
/// </summary>
public static class KubeletConfigMapVolume
{
    private const string Data = "..data";

    public static void Write(string directory, IReadOnlyDictionary<string, byte[]> files)
    {
        Directory.CreateDirectory(directory);
        var dataLink = Path.Combine(directory, Data);
        var old = File.Exists(dataLink) || Directory.Exists(dataLink) ? new FileInfo(dataLink).LinkTarget : null;

        var stamp = ".." + DateTime.UtcNow.ToString("yyyy_MM_dd_HH_mm_ss.fffffff", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..2];
        var versioned = Path.Combine(directory, stamp);
        Directory.CreateDirectory(versioned);
        foreach (var (key, bytes) in files) File.WriteAllBytes(Path.Combine(versioned, key), bytes);

        var temporary = Path.Combine(directory, Data + "_tmp");
        File.Delete(temporary);
        File.CreateSymbolicLink(temporary, stamp);
        // rename(2) replaces the old link in one step; .NET's File.Move refuses a link to a directory as its source.
        if (Rename(temporary, dataLink) != 0) throw new IOException($"rename {temporary} -> {dataLink} failed: errno {Marshal.GetLastWin32Error()}");

        foreach (var key in files.Keys)
        {
            var link = Path.Combine(directory, key);
            if (new FileInfo(link).LinkTarget is null) File.CreateSymbolicLink(link, Path.Combine(Data, key));
        }
        foreach (var link in Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Where(name => !name!.StartsWith("..", StringComparison.Ordinal)))
            if (!files.ContainsKey(link!)) File.Delete(Path.Combine(directory, link!));
        if (old is not null && old != stamp) Directory.Delete(Path.Combine(directory, old), recursive: true);
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string from, string to);
}
