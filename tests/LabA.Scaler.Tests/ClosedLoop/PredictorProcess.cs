using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LabA.Domain.Predict;
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
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assembly);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment[EnvVars.ModelDir] = modelDirectory;
        start.Environment[EnvVars.Port] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
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

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ready = new Uri(Url, "/ready");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the predictor exited with {_process.ExitCode} before it was ready");
            try
            {
                if ((await http.GetAsync(ready)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the predictor at {Url} was not ready within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
