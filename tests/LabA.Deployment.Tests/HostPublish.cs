using System.Globalization;
using Docker.DotNet.Models;
using LabA.Deployment.Workloads;

namespace LabA.Deployment.Tests;

/// <summary>
/// What the Dockerfiles' "prebuilt" target takes, since no registry is reachable here: the app published on the
/// host for linux-x64 in a build context beside its real Dockerfile.
/// </summary>
internal static class HostPublish
{
    public const string PublishDirectory = "publish";

    /// <summary>The predictor with the JIT, self-contained because the local base image has no .NET.</summary>
    public static IReadOnlyList<string> SelfContained { get; } = ["--self-contained"];

    /// <summary>The scaler as its image ships it: one Native AOT binary (it links with clang, which test-prereqs.sh installs).</summary>
    public static IReadOnlyList<string> NativeAot { get; } = ["-p:PublishAot=true"];

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
    /// <param name="publishOptions"><see cref="SelfContained"/> or <see cref="NativeAot"/>.</param>
    public static async Task<TestDirectory> ContextAsync(string dockerfile, string project, IReadOnlyList<string> publishOptions)
    {
        var context = new TestDirectory();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(context.Path, dockerfile))!);
        File.Copy(Path.Combine(RepositoryRoot.Path, dockerfile), Path.Combine(context.Path, dockerfile));

        var output = Path.Combine(context.Path, PublishDirectory);
        string[] arguments = ["publish", project, "-c", "Release", "-r", "linux-x64", .. publishOptions, "-o", output, "-nologo", "-v", "q"];
        // Native AOT compiles the whole program to machine code: minutes on a busy machine.
        var publish = await TestProcess.RunAsync(TestProcess.StartInfo("dotnet", arguments, workingDirectory: RepositoryRoot.Path), TimeSpan.FromMinutes(25));
        Assert.True(publish.ExitCode == 0, $"dotnet publish {project} failed: {publish.Output}{publish.Error}");
        // Symbols stay on the host: the scaler's default target copies its binary alone (its AOT symbols are twice
        // the binary's size), and the predictor runs the same without its pdbs.
        foreach (var symbols in Directory.EnumerateFiles(output).Where(f => f.EndsWith(".dbg", StringComparison.Ordinal) || f.EndsWith(".pdb", StringComparison.Ordinal)).ToList())
            File.Delete(symbols);
        return context;
    }
}
