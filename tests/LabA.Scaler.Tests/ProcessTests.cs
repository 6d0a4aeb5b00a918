using System.Diagnostics;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Scaler.Tests;

/// <summary>The built program as the CronJob starts it: exit codes, output, kubeconfig outside a cluster.</summary>
[Trait("Category", "Process")]
public class ProcessTests
{
    /// <summary>
    /// The app from its own build output: the copy in this test's output shares the test's dependency set, where
    /// ASP.NET Core (for the stand-ins) supplies assemblies the app itself ships.
    /// </summary>
    private static string ScalerAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var path = Path.Combine(RepositoryRoot.Path, "app", "Scaler", "bin", configuration, framework, "labA-scaler.dll");
        Assert.True(File.Exists(path), $"build app/Scaler first: {path} is missing");
        return path;
    }

    private static Task<ProcessResult> RunScalerAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunScalerAsync(environment, whileRunning: null, args);

    /// <param name="whileRunning">Runs beside the process, given its id: a test sends it a signal.</param>
    private static Task<ProcessResult> RunScalerAsync(IReadOnlyDictionary<string, string> environment, Func<int, Task>? whileRunning, params string[] args) =>
        // Not in a pod: the scaler must not mistake the test machine for one.
        TestProcess.RunAsync(
            TestProcess.StartInfo("dotnet", [ScalerAssembly(), .. args], environment, unset: [TestProcess.KubernetesServiceHost]),
            TimeSpan.FromSeconds(30),
            whileRunning is null ? null : process => whileRunning(process.Id));

    [Fact]
    public async Task Invalid_settings_exit_2_with_the_variable_named_in_one_line()
    {
        var (exitCode, output, errors) = await RunScalerAsync(new Dictionary<string, string> { [ScalerCatalogue.Schedule.Env] = "every 2 minutes" });
        Assert.Equal(2, exitCode);
        var line = Assert.Single(ScalerHarness.ParseLines(output));
        Assert.StartsWith("SCHEDULE:", line.GetProperty("message").GetString());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task One_run_outside_a_cluster_uses_the_kubeconfig_and_scales()
    {
        await using var kubernetes = await KubernetesApiStandIn.StartAsync();
        await using var predictor = await PredictorStandIn.StartAsync();
        kubernetes.AddDeployment("default", ScalerCatalogue.TargetDeployment.Default, 1);
        predictor.Reply = _ => PredictorReply.Forecast(75, 3);
        kubernetes.AddConfigMap("default", Names.ScalerState);
        using var directory = new TestDirectory("labA-scaler-kubeconfig-");
        var (exitCode, output, errors) = await RunScalerAsync(new Dictionary<string, string>
        {
            ["KUBECONFIG"] = kubernetes.WriteKubeconfig(directory.Path, user: "scaler"),
            [ScalerCatalogue.PredictorUrl.Env] = predictor.Url.AbsoluteUri,
        });
        Assert.True(exitCode == 0, output + errors);
        Assert.Equal("scale-up", Assert.Single(ScalerHarness.ParseLines(output)).GetProperty("action").GetString());
        Assert.Equal(3, kubernetes.Replicas("default", ScalerCatalogue.TargetDeployment.Default));
    }

    /// <summary>The Job's deadline, as the kubelet delivers it: SIGTERM while the run waits on <paramref name="hungRequest"/>.</summary>
    [Theory]
    [InlineData("GET /api/v1/namespaces/default/configmaps/", ScalerExitCodes.FailedUnchanged, false)]
    [InlineData("POST /api/v1/namespaces/default/events", ScalerExitCodes.ScaledButRecordingFailed, true)]
    public async Task SIGTERM_logs_one_line_and_exits_telling_whether_the_count_changed(string hungRequest, int expectedExit, bool scaled)
    {
        await using var kubernetes = await KubernetesApiStandIn.StartAsync();
        await using var predictor = await PredictorStandIn.StartAsync();
        kubernetes.AddDeployment("default", ScalerCatalogue.TargetDeployment.Default, 1);
        kubernetes.AddConfigMap("default", Names.ScalerState);
        kubernetes.ResponseDelay = TimeSpan.FromSeconds(60);
        kubernetes.Delayed = request => request.StartsWith(hungRequest, StringComparison.Ordinal);
        predictor.Reply = _ => PredictorReply.Forecast(75, 3);
        using var directory = new TestDirectory("labA-scaler-kubeconfig-");
        var kubeconfig = kubernetes.WriteKubeconfig(directory.Path, user: "scaler");
        var started = Stopwatch.StartNew();
        var (exitCode, output, errors) = await RunScalerAsync(
            new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig, [ScalerCatalogue.PredictorUrl.Env] = predictor.Url.AbsoluteUri },
            async pid =>
            {
                while (!kubernetes.Requests.Any(r => r.StartsWith(hungRequest, StringComparison.Ordinal)))
                {
                    Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), "the scaler never reached " + hungRequest);
                    await Task.Delay(20);
                }
                TestProcess.Terminate(pid);
            });

        Assert.True(exitCode == expectedExit, output + errors);
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        var line = ScalerHarness.ParseLines(output)[^1];
        Assert.Equal(("error", "stopped", scaled), (line.GetProperty("level").GetString(), line.GetProperty("cause").GetString(), line.GetProperty("scaled").GetBoolean()));
        Assert.Contains("stopped by a signal (SIGTERM", line.GetProperty("message").GetString());
        Assert.Equal(scaled ? 3 : 1, kubernetes.Replicas("default", ScalerCatalogue.TargetDeployment.Default));
        Assert.Empty(errors);
    }

    /// <summary>SIGTERM after the scale patch landed and before its answer came: the count is read back within the grace.</summary>
    [Fact]
    public async Task SIGTERM_after_the_scale_patch_was_sent_reads_the_count_back_and_exits_3_within_the_grace()
    {
        await using var kubernetes = await KubernetesApiStandIn.StartAsync();
        await using var predictor = await PredictorStandIn.StartAsync();
        kubernetes.AddDeployment("default", ScalerCatalogue.TargetDeployment.Default, 1);
        kubernetes.AddConfigMap("default", Names.ScalerState);
        kubernetes.AfterApply = async request =>
        {
            if (request.EndsWith("/scale", StringComparison.Ordinal)) await Task.Delay(TimeSpan.FromSeconds(60));
            return true;
        };
        predictor.Reply = _ => PredictorReply.Forecast(75, 3);
        using var directory = new TestDirectory("labA-scaler-kubeconfig-");
        var kubeconfig = kubernetes.WriteKubeconfig(directory.Path, user: "scaler");
        var signalled = Stopwatch.StartNew();
        var (exitCode, output, errors) = await RunScalerAsync(
            new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig, [ScalerCatalogue.PredictorUrl.Env] = predictor.Url.AbsoluteUri },
            async pid =>
            {
                var started = Stopwatch.StartNew();
                while (kubernetes.ScaledTo.IsEmpty)
                {
                    Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), "the scaler never patched the scale");
                    await Task.Delay(20);
                }
                signalled.Restart();
                TestProcess.Terminate(pid);
            });

        // Program.cs gives the run 5 s after SIGTERM before the process is cut off with 143.
        Assert.InRange(signalled.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.True(exitCode == ScalerExitCodes.ScaledButRecordingFailed, output + errors);
        var line = ScalerHarness.ParseLines(output)[^1];
        Assert.Equal(("stopped", true), (line.GetProperty("cause").GetString(), line.GetProperty("scaled").GetBoolean()));
        Assert.Contains("scaled sample-app from 1 to 3 replicas, but then failed", line.GetProperty("message").GetString());
        Assert.Equal("ScaleFailed", (string?)Assert.Single(kubernetes.Events)["reason"]);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task No_kubeconfig_outside_a_cluster_is_one_clear_error()
    {
        await using var predictor = await PredictorStandIn.StartAsync();
        var (exitCode, output, _) = await RunScalerAsync(new Dictionary<string, string>
        {
            ["KUBECONFIG"] = "/nonexistent/kubeconfig",
            [ScalerCatalogue.PredictorUrl.Env] = predictor.Url.AbsoluteUri,
        });
        Assert.Equal(1, exitCode);
        Assert.Contains("no in-cluster service account and no usable kubeconfig", Assert.Single(ScalerHarness.ParseLines(output)).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("--step", "0", "--step must be between 1 and 1440 minutes")]
    [InlineData("--predictor", "predictor:8080", "--predictor must be an absolute http(s) URL")]
    public async Task Demo_refuses_bad_options_naming_them(string option, string value, string message)
    {
        var (exitCode, _, errors) = await RunScalerAsync(new Dictionary<string, string>(), "demo", option, value);
        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, errors);
    }
}
