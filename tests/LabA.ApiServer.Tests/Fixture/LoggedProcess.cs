using System.Diagnostics;

namespace LabA.ApiServer.Tests.Fixture;

/// <summary>
/// A long-running server process (etcd, kube-apiserver) whose stdout and stderr go to a log file as they come (a full
/// pipe would stall it), with the last lines kept in memory for a failure message. Disposing kills its whole tree.
/// </summary>
[Trait("Category", "ApiServer")]
public sealed class LoggedProcess : IDisposable
{
    private const int TailLines = 40;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();

    public LoggedProcess(string name, string fileName, IEnumerable<string> arguments, string logPath)
    {
        Name = name;
        LogPath = logPath;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        _process = Process.Start(TestProcess.StartInfo(fileName, arguments)) ?? throw new InvalidOperationException($"{fileName} did not start");
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public string LogPath { get; }
    public Process Process => _process;

    /// <summary>The last lines it wrote, headed by its name and whether it is still running.</summary>
    public string Tail()
    {
        lock (_gate)
        {
            var state = _process.HasExited ? $"exited with {_process.ExitCode}" : "running";
            return $"--- {Name} ({state}; last {_tail.Count} lines of {LogPath}):\n{string.Join('\n', _tail)}";
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _log.WriteLine(line);
            _tail.Enqueue(line);
            while (_tail.Count > TailLines) _tail.Dequeue();
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        lock (_gate) _log.Dispose();
        _process.Dispose();
    }
}
