namespace LabA.Tests.Shared;

/// <summary>
/// The checkout the tests run from: the nearest directory above the test assembly that holds LabA.sln. Tests that read
/// the repository's own files (Dockerfiles, the solution, an app's build output) find them from here, wherever the
/// test output lies.
/// </summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "LabA.sln"))) return directory.FullName;
        throw new DirectoryNotFoundException($"LabA.sln not found above the test assembly in {AppContext.BaseDirectory}");
    }
}
