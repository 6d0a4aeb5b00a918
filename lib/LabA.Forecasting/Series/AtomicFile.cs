namespace LabA.Forecasting.Series;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content, never a half-written file:
/// the content goes to a temporary file in the same directory, which then replaces the target in one rename.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteDurably(temporary, write);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>
    /// Writes files that belong together into <paramref name="directory"/> as one unit: all are staged in full first, so
    /// a failure while writing (disk full, no permission) leaves the old set untouched; then each replaces its target in
    /// order, the old one kept aside until the last is in place, so a failure between the renames puts the old set back.
    /// Readers that must never pair files of different sets still need a check that binds them (a rename per file cannot
    /// make two files change at one instant); this makes sure a failed write leaves the previous set, not a mix.
    /// </summary>
    public static void WriteAll(string directory, IReadOnlyList<(string Name, byte[] Content)> files)
    {
        var fullDirectory = Path.GetFullPath(directory);
        Directory.CreateDirectory(fullDirectory);
        var token = Guid.NewGuid().ToString("N");
        var staged = files.Select(file => new StagedFile(
            Path.Combine(fullDirectory, file.Name),
            Path.Combine(fullDirectory, $".{file.Name}.{token}.tmp"),
            Path.Combine(fullDirectory, $".{file.Name}.{token}.old"),
            file.Content)).ToArray();
        var replaced = new List<StagedFile>();
        try
        {
            foreach (var file in staged) WriteDurably(file.Temporary, stream => stream.Write(file.Content));
            foreach (var file in staged)
            {
                if (File.Exists(file.Target)) File.Replace(file.Temporary, file.Target, file.Backup);
                else File.Move(file.Temporary, file.Target);
                replaced.Add(file);
            }
        }
        catch
        {
            for (var i = replaced.Count - 1; i >= 0; i--) Restore(replaced[i]);
            throw;
        }
        finally
        {
            foreach (var file in staged)
                foreach (var leftover in new[] { file.Temporary, file.Backup })
                    if (File.Exists(leftover)) File.Delete(leftover);
        }
    }

    private static void Restore(StagedFile file)
    {
        if (File.Exists(file.Backup)) File.Move(file.Backup, file.Target, overwrite: true);
        else File.Delete(file.Target);
    }

    private static void WriteDurably(string path, Action<Stream> write)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        write(stream);
        stream.Flush(flushToDisk: true);
    }

    private sealed record StagedFile(string Target, string Temporary, string Backup, byte[] Content);
}
