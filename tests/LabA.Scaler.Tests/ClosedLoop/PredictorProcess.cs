using System.Diagnostics;
using LabA.Domain.Predict;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Scaler.Tests.ClosedLoop;

/// <summary>The real Predictor, the built app in its own process on 127.0.0.1, serving the model in a directory.</summary>
public sealed class PredictorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private PredictorProcess(Process process, int port)
    {
        _process = process;
        Url = new Uri($"http://127.0.0.1:{port}{PredictRoutes.Predict}");
    }

    /// <summary>Its /predict.</summary>
    public Uri Url { get; }

    /// <param name="environment">Settings beside MODEL_DIR and PORT, e.g. the replica mapping.</param>
    public static async Task<PredictorProcess> StartAsync(string modelDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "labA-predictor.dll");
        if (!File.Exists(assembly)) throw new FileNotFoundException($"build app/Predictor first: {assembly} is missing");
        var port = TestProcess.FreePort();
        var start = TestProcess.StartInfo(TestProcess.DotnetHost, [assembly], environment);
        start.Environment[PredictorCatalogue.ModelDir.Env] = modelDirectory;
        start.Environment[PredictorCatalogue.Port.Env] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        // Drained so that its log can never fill the pipe and stall it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var predictor = new PredictorProcess(process, port);
        await predictor.WaitUntilReadyAsync();
        return predictor;
    }

    private Task WaitUntilReadyAsync() => TestProcess.WaitUntilReadyAsync(_process, new Uri(Url, "/ready"), TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
