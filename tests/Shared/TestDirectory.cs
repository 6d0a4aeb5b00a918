namespace LabA.Tests.Shared;

/// <summary>
/// A fresh, empty directory under the system's temporary directory, one per call: <see cref="Create"/> for one a test
/// may leave behind (its files help to read a failure), an instance for one deleted with everything in it on dispose.
/// </summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory(string prefix = "labA-test-") => Path = Create(prefix);

    public string Path { get; }

    public static string Create(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Writes <paramref name="content"/> to <paramref name="relativePath"/> inside, creating its directories; returns the full path.</summary>
    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
