namespace LabA.ApiServer.Tests.Fixture;

/// <summary>The Scaler's build output beside this suite's (same configuration and framework), run as its CronJob runs it.</summary>
public static class ScalerBuild
{
    public static string Assembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepositoryRoot.Path, "app", "Scaler", "bin", output.Parent!.Name, output.Name, "labA-scaler.dll");
        Assert.True(File.Exists(path), $"build app/Scaler first: {path} is missing");
        return path;
    }
}
