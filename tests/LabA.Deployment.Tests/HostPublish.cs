using System.Diagnostics;
using System.Globalization;
using Docker.DotNet.Models;
using LabA.Deployment.Workloads;

namespace LabA.Deployment.Tests;

/// <summary>
/// What the Dockerfiles' "prebuilt" target takes, since no registry is reachable here: the app published on the
/// host (self-contained linux-x64, the local base image has no .NET) in a build context beside its real Dockerfile.
/// </summary>
internal static class HostPublish
{
    public const string PublishDirectory = "publish";

    public static string DotnetAppUser { get; } = LabWorkloads.DotnetAppUser.ToString(CultureInfo.InvariantCulture);

    public static IReadOnlyDictionary<string, string> BuildArgs(string baseImage) =>
        new Dictionary<string, string> { ["RUNTIME_IMAGE"] = baseImage, ["PUBLISH_DIR"] = PublishDirectory };

    /// <summary>As Kubernetes runs LabA's pods under the restricted profile: read-only root, /tmp writable, no capabilities.</summary>
    public static HostConfig RestrictedHost(string networkMode) => new()
    {
        NetworkMode = networkMode,
        ReadonlyRootfs = true,
        Tmpfs = new Dictionary<string, string> { ["/tmp"] = "" },
        CapDrop = ["ALL"],
        SecurityOpt = ["no-new-privileges"],
    };

    /// <summary>A temp context holding the repository's Dockerfile at its own path and the host publish of the project.</summary>
    public static async Task<TempDirectory> ContextAsync(string dockerfile, string project)
    {
        var context = new TempDirectory();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(context.Path, dockerfile))!);
        File.Copy(Path.Combine(Repository.Root, dockerfile), Path.Combine(context.Path, dockerfile));

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        string[] arguments = ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", Path.Combine(context.Path, PublishDirectory), "-nologo", "-v", "q"];
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        Assert.True(process.ExitCode == 0, $"dotnet publish {project} failed: {await stdout}{await stderr}");
        return context;
    }
}
