using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LabA.Tests.Shared;

/// <summary>
/// Runs a program as a test needs it: arguments passed without a shell, stdout and stderr read while it runs (a full
/// pipe would stall it), and a deadline after which the whole process tree is killed and the test fails naming the
/// command, instead of hanging the suite.
/// </summary>
public static class TestProcess
{
    /// <summary>
    /// Set by Kubernetes inside a pod; the Kubernetes client then picks in-cluster config over a kubeconfig, so a test
    /// that starts a process outside a pod unsets it.
    /// </summary>
    public const string KubernetesServiceHost = "KUBERNETES_SERVICE_HOST";

    /// <summary>The dotnet host running this test (set by <c>dotnet test</c>), so that an app runs on the same runtime.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <param name="environment">Variables set for the process, on top of the test's own environment.</param>
    /// <param name="unset">Variables of the test's environment the process must not inherit.</param>
    public static ProcessStartInfo StartInfo(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, IEnumerable<string>? unset = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var name in unset ?? []) start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return start;
    }

    /// <summary>Runs <paramref name="start"/> to its end, at most <paramref name="timeout"/>.</summary>
    /// <param name="whileRunning">Runs beside the process once it has started, given it: a test sends it a signal.</param>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, TimeSpan timeout, Func<Process, Task>? whileRunning = null)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Describe(start)} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            if (whileRunning is not null) await whileRunning(process).WaitAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{Describe(start)} did not exit within {timeout.TotalSeconds:0} s; stderr: {await errors}");
        }
        finally
        {
            // A failed assertion in whileRunning must not leave the process running after the test.
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        return new ProcessResult(process.ExitCode, await output, await errors);
    }

    /// <inheritdoc cref="RunAsync"/>
    public static ProcessResult Run(ProcessStartInfo start, TimeSpan timeout) => RunAsync(start, timeout).GetAwaiter().GetResult();

    /// <summary>Sends SIGTERM to <paramref name="processId"/>, as the kubelet stops a container.</summary>
    public static void Terminate(int processId)
    {
        using var kill = Process.Start("kill", ["-TERM", processId.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>
    /// Polls <paramref name="ready"/> until it answers with a success status; throws naming the process if it exits
    /// first, or the URL if <paramref name="within"/> runs out.
    /// </summary>
    public static async Task WaitUntilReadyAsync(Process process, Uri ready, TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} before {ready} answered");
            try
            {
                if ((await http.GetAsync(ready)).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{ready} was not ready within {within.TotalSeconds:0} s");
    }

    /// <summary>A loopback port nothing listens on at the moment of asking: for a process the test starts.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Describe(ProcessStartInfo start) => string.Join(' ', [start.FileName, .. start.ArgumentList]);
}
