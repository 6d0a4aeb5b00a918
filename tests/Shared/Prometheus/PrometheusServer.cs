using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LabA.Tests.Shared;

/// <summary>
/// A real Prometheus server (Debian's 2.42, installed by scripts/prometheus-prereqs.sh) on 127.0.0.1 and a free port,
/// with a temporary data directory holding the history given, backfilled with <c>promtool tsdb create-blocks-from
/// openmetrics</c> before it starts. Retention is 100 years so old backfilled blocks are kept, and the lookback delta is
/// one minute so an evaluation instant sees only a sample at most a minute old: a missed sample stays missing instead
/// of repeating the one before it.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    /// <param name="series">Metric name with labels (e.g. <c>load{job="lab"}</c>) and its samples in time order.</param>
    public PrometheusServer(IReadOnlyDictionary<string, IReadOnlyList<(DateTimeOffset Timestamp, double Value)>> series)
    {
        _directory = TestDirectory.Create("labA-prometheus-tests-");
        var data = Path.Combine(_directory, "data");
        Directory.CreateDirectory(data);
        var openMetrics = Path.Combine(_directory, "history.om");
        File.WriteAllText(openMetrics, OpenMetrics(series));
        Run(Tool("PROMTOOL_BIN", "promtool"), ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=24h", openMetrics, data]);

        var config = Path.Combine(_directory, "prometheus.yml");
        File.WriteAllText(config, "global:\n  scrape_interval: 1m\n");
        var port = TestProcess.FreePort();
        Url = $"http://127.0.0.1:{port}";
        var start = TestProcess.StartInfo(Tool("PROMETHEUS_BIN", "prometheus"),
        [
            $"--config.file={config}", $"--storage.tsdb.path={data}", "--storage.tsdb.retention.time=100y",
            $"--web.listen-address=127.0.0.1:{port}", "--query.lookback-delta=1m",
        ]);
        _process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilReady();
    }

    public string Url { get; }

    public static string OpenMetrics(IReadOnlyDictionary<string, IReadOnlyList<(DateTimeOffset Timestamp, double Value)>> series)
    {
        var text = new StringBuilder();
        foreach (var name in series.Keys.Select(key => key.Split('{')[0]).Distinct()) text.Append($"# TYPE {name} gauge\n");
        foreach (var (key, samples) in series.OrderBy(pair => pair.Key.Split('{')[0], StringComparer.Ordinal))
            foreach (var (timestamp, value) in samples)
                text.Append(CultureInfo.InvariantCulture, $"{key} {Value(value)} {timestamp.ToUnixTimeSeconds()}\n");
        return text.Append("# EOF\n").ToString();
    }

    /// <summary>A sample value as OpenMetrics writes it: NaN, +Inf and -Inf by those names.</summary>
    private static string Value(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Tool(string variable, string name) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path ? path : name;

    private static void Run(string tool, string[] arguments)
    {
        var run = TestProcess.Run(TestProcess.StartInfo(tool, arguments), TimeSpan.FromMinutes(2));
        if (run.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {run.ExitCode}: {run.Error}{run.Output}");
    }

    private void WaitUntilReady() =>
        TestProcess.WaitUntilReadyAsync(_process, new Uri($"{Url}/-/ready"), TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
