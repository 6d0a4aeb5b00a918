namespace LabA.Tests.Shared;

/// <summary>A fresh, empty directory under the system's temporary directory, one per call.</summary>
public static class TestDirectory
{
    public static string Create(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;
}
