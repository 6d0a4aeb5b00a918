using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;

namespace LabA.Predictor.Tests;

/// <summary>The built app run as users run it: its own process, settings from the environment.</summary>
[Trait("Category", "Process")]
[Collection(ModelCollection.Name)]
public sealed class ProcessTests(ModelFixture models)
{
    private static readonly string AppDirectory = AppContext.BaseDirectory;

    private static Process Start(IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var process = Process.Start(TestProcess.StartInfo(TestProcess.DotnetHost, [Path.Combine(AppDirectory, "labA-predictor.dll")], environment, workingDirectory,
            unset: [.. PredictorCatalogue.All.Select(setting => setting.Env)]))!;
        // Drained so that the log can never fill the pipe and stall the service; the tests read stderr only.
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>Runs the app until it exits, asserts a non-zero exit with a one-line error (no stack trace), returns that line.</summary>
    private static async Task<string> RunToFailure(IReadOnlyDictionary<string, string> environment)
    {
        using var process = Start(environment, Path.GetTempPath());
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, process.ExitCode);
        var message = (await stderr).Trim();
        Assert.Single(message.Split('\n'));
        return message;
    }

    [Theory]
    [InlineData("MIN_REPLICAS", "5", "MAX_REPLICAS", "2")]
    [InlineData("MIN_REPLICAS", "-1", "MAX_REPLICAS", "10")]
    [InlineData("CPU_LOW", "abc", "CPU_HIGH", "80")]
    [InlineData("CPU_LOW", "80", "CPU_HIGH", "20")]
    [InlineData("MAX_REPLICAS", "ten", "MIN_REPLICAS", "1")]
    [InlineData("PORT", "70000", "MIN_REPLICAS", "1")]
    public async Task Invalid_settings_stop_the_service_at_start_naming_the_variable(string badKey, string badValue, string otherKey, string otherValue)
    {
        var message = await RunToFailure(new Dictionary<string, string> { [badKey] = badValue, [otherKey] = otherValue, [PredictorCatalogue.ModelDir.Env] = models.CalendarModel });
        Assert.StartsWith($"labA-predictor: refusing to start: {badKey}:", message);
    }

    [Fact]
    public async Task A_taken_port_is_one_line_naming_it_and_a_non_zero_exit()
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var message = await RunToFailure(new Dictionary<string, string> { [PredictorCatalogue.Port.Env] = port.ToString(), [PredictorCatalogue.ModelDir.Env] = models.CalendarModel });
        Assert.StartsWith($"labA-predictor: cannot serve on port {port}:", message);
    }

    [Fact]
    public async Task A_relative_model_dir_is_found_from_the_working_directory_as_the_trainer_writes_it()
    {
        // As a newcomer runs it: the Trainer wrote model/ where they stand, and the Predictor is started from there.
        var workingDirectory = TestDirectory.Create("labA-predictor-cwd-");
        var model = Path.Combine(workingDirectory, PredictorCatalogue.ModelDir.Default);
        Directory.CreateDirectory(model);
        foreach (var file in Directory.GetFiles(models.CalendarModel))
            File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        var port = TestProcess.FreePort();
        using var process = Start(new Dictionary<string, string> { [PredictorCatalogue.Port.Env] = port.ToString() }, workingDirectory);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilReady(client, process);
            var answer = await (await client.GetAsync("/predict?hour=14&minute=30")).Json(HttpStatusCode.OK);
            Assert.True(answer.GetProperty("recommended_replicas").GetInt32() >= RecommendationCatalogue.MinReplicas.Default);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_kubelet_swap_under_a_steady_client_fails_no_request_and_every_answer_names_the_model_that_computed_it()
    {
        using var volume = new ModelVolume();
        volume.Publish(models.CalendarModel);
        using var first = ForecastModel.Load(models.CalendarModel);
        using var second = ForecastModel.Load(models.OtherCalendarModel);
        var port = TestProcess.FreePort();
        using var process = Start(new Dictionary<string, string>
        {
            [PredictorCatalogue.Port.Env] = port.ToString(), [PredictorCatalogue.ModelDir.Env] = volume.Directory, [PredictorCatalogue.ModelCheckInterval.Env] = ReloadTests.FastChecks,
        }, Path.GetTempPath());
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilReady(client, process);
            var steady = new SteadyClient(client, parallel: 4);
            foreach (var next in new[] { models.OtherCalendarModel, models.CalendarModel, models.OtherCalendarModel })
            {
                await Task.Delay(300);
                volume.Publish(next);
                await ReloadTests.WaitForVersion(client, ReloadTests.VersionOf(next));
            }
            await Task.Delay(300);
            await steady.StopAndAssert([first, second], mustSee: [first, second]);
            Assert.Contains("laba_predictor_model_reloads_total{model=\"MODEL_DIR\"} 3", await client.GetStringAsync("/metrics"));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Models_dir_from_the_environment_serves_each_model_at_its_workload_routes()
    {
        var modelsDirectory = TestDirectory.Create("labA-predictor-models-");
        foreach (var (name, trained) in new[] { ("checkout", models.CalendarModel), ("search", models.OtherCalendarModel) })
        {
            Directory.CreateDirectory(Path.Combine(modelsDirectory, name));
            foreach (var file in Directory.GetFiles(trained)) File.Copy(file, Path.Combine(modelsDirectory, name, Path.GetFileName(file)));
        }
        var port = TestProcess.FreePort();
        using var process = Start(new Dictionary<string, string>
        {
            [PredictorCatalogue.Port.Env] = port.ToString(), [PredictorCatalogue.ModelDir.Env] = models.MissingModel, [PredictorCatalogue.ModelsDir.Env] = modelsDirectory,
        }, Path.GetTempPath());
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilReady(client, process);
            foreach (var (name, trained) in new[] { ("checkout", models.CalendarModel), ("search", models.OtherCalendarModel) })
            {
                var answer = await (await client.GetAsync($"/workloads/{name}/predict?hour=14&minute=30")).Json(HttpStatusCode.OK);
                Assert.Equal(ReloadTests.VersionOf(trained), answer.GetProperty("model_version").GetString());
            }
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            Directory.Delete(modelsDirectory, recursive: true);
        }
    }

    private static async Task WaitUntilReady(HttpClient client, Process process)
    {
        try
        {
            await TestProcess.WaitUntilReadyAsync(process, new Uri(client.BaseAddress!, "/ready"), TimeSpan.FromSeconds(60));
        }
        catch (InvalidOperationException exited)
        {
            Assert.Fail($"the service exited: {exited.Message}: {await process.StandardError.ReadToEndAsync()}");
        }
    }
}
