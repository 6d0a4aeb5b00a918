using System.Text.Json;
using System.Text.RegularExpressions;

namespace LabA.Trainer.Tests;

/// <summary>
/// The README's quick start as a newcomer runs it: the commands are read from README.md's code blocks, so that a
/// change there is a change here, run as written in a fresh clone of the repository, and what the README says they do
/// is checked. The fixture runs them once, in the README's story order (the main command, the Predictor on the model
/// it wrote, then the Trainer commands, which train other models over it); each test reads one part.
/// </summary>
[Trait("Category", "Process")]
public sealed class ReadmeQuickStartTests(ReadmeQuickStart quickStart) : IClassFixture<ReadmeQuickStart>
{
    [Fact]
    public void The_commands_table_names_the_main_command_the_quick_start_runs()
    {
        var table = quickStart.Readme.Section("The two commands");
        var row = Assert.Single(table, line => line.StartsWith("| **the main job**", StringComparison.Ordinal));

        Assert.Contains($"`{quickStart.Main.Command}`", row);
    }

    [Fact]
    public void The_main_command_exits_0_and_writes_every_file_the_README_names()
    {
        var main = quickStart.Main;
        Assert.True(main.Result.ExitCode == 0, main.Describe());

        // The paragraph under the command names what it writes: `data/cpu_load.csv`, `model/model.zip`, ...
        var written = quickStart.Readme.PathsNamedAfterFirstBlock("The whole lab on one machine");
        Assert.Contains("model/model.zip", written);
        Assert.Contains("out/backtest/backtest.png", written);
        foreach (var path in written)
            Assert.True(main.Wrote(quickStart.Clone, path), $"{path}, which the README says `{main.Command}` writes, was not written by it");
        Assert.Contains("model/model.zip", main.Result.Output);
    }

    [Fact]
    public void The_Predictor_quick_start_serves_the_model_the_main_command_wrote()
    {
        var predictor = quickStart.Predictor;
        Assert.Equal("dotnet run --project app/Predictor", predictor.Command);
        Assert.True(predictor.Requests.Count >= 5, $"the Predictor quick start has {predictor.Requests.Count} runnable requests");

        var ready = Assert.Single(predictor.Requests, r => r.Path == "/ready");
        Assert.True(ready.Status == 200, $"/ready answered {ready.Status}: {ready.Body}\n{predictor.Log}");
        var servedVersion = JsonDocument.Parse(ready.Body).RootElement.GetProperty("model_version").GetString();
        Assert.Equal(quickStart.MainModelVersion, servedVersion);

        foreach (var request in predictor.Requests)
        {
            Assert.True(request.Status == 200, $"{request.Line}\nanswered {request.Status}: {request.Body}");
            if (request.Documented is not { } documented) continue;
            // The answer the README shows under a request: the same fields, and the same values where it spells them out.
            using var answer = JsonDocument.Parse(request.Body);
            foreach (Match field in Regex.Matches(documented, "\"(\\w+)\":(\"[^\".]*\"|[-0-9.]+|\\{|\\.\\.\\.)"))
            {
                Assert.True(answer.RootElement.TryGetProperty(field.Groups[1].Value, out var value), $"{request.Line}: no {field.Groups[1].Value} in {request.Body}");
                if (field.Groups[2].Value.StartsWith('"') && !documented.Contains("...", StringComparison.Ordinal))
                    Assert.Equal(field.Groups[2].Value.Trim('"'), value.GetString());
            }
        }
        Assert.Contains(predictor.Requests, r => r.Path == "/predict" && r.Documented is not null);
    }

    [Fact]
    public void Every_Trainer_command_that_needs_no_cluster_exits_0_and_writes_what_it_says()
    {
        var commands = quickStart.TrainerCommands;
        Assert.Contains(commands, c => c.Command.Contains("-- generate", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Command.Contains("-- train", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Command.Contains("-- evaluate", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Command.Contains("-- backtest", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Command.Contains("-- load-source", StringComparison.Ordinal));

        foreach (var command in commands)
        {
            Assert.True(command.Result.ExitCode == 0, command.Describe());
            foreach (var path in command.Promised)
                Assert.True(command.Wrote(quickStart.Clone, path), $"`{command.Command}` did not write {path}\n{command.Describe()}");
        }
        var loadSource = Assert.Single(commands, c => c.Command.Contains("-- load-source", StringComparison.Ordinal));
        Assert.Contains("laba_synthetic_load{target=\"sample-app\"}", loadSource.Result.Output);
    }
}

/// <summary>README.md as sections of lines, headings found outside code blocks (a bash block's comments start with #).</summary>
public sealed partial class Readme(IReadOnlyList<string> lines)
{
    private const string Fence = "```";

    /// <summary>The lines under the heading titled <paramref name="title"/>, up to the next heading of its level or higher.</summary>
    public IReadOnlyList<string> Section(string title)
    {
        var headings = Headings().ToList();
        var index = headings.FindIndex(h => h.Title == title);
        Assert.True(index >= 0, $"README.md has no heading '{title}'");
        var (line, level, _) = headings[index];
        var end = headings.Skip(index + 1).FirstOrDefault(h => h.Level <= level).Line;
        return lines.Skip(line + 1).Take((end > line ? end : lines.Count) - line - 1).ToList();
    }

    /// <summary>The fenced code blocks of a section, each as its lines.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> CodeBlocks(IReadOnlyList<string> section)
    {
        var blocks = new List<IReadOnlyList<string>>();
        List<string>? block = null;
        foreach (var line in section)
        {
            if (line.StartsWith(Fence, StringComparison.Ordinal))
            {
                if (block is null) block = [];
                else { blocks.Add(block); block = null; }
            }
            else block?.Add(line);
        }
        return blocks;
    }

    /// <summary>The first code block of the section titled <paramref name="title"/>.</summary>
    public IReadOnlyList<string> FirstBlock(string title) =>
        CodeBlocks(Section(title)) is { Count: > 0 } blocks ? blocks[0] : throw new InvalidOperationException($"README.md: no code block under '{title}'");

    /// <summary>The repository paths written in backticks in the paragraph right after the section's first code block.</summary>
    public IReadOnlyList<string> PathsNamedAfterFirstBlock(string title)
    {
        var section = Section(title);
        var afterBlock = section.SkipWhile(l => !l.StartsWith(Fence, StringComparison.Ordinal)).Skip(1)
            .SkipWhile(l => !l.StartsWith(Fence, StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Length > 0);
        return afterBlock.SelectMany(l => BacktickedPath().Matches(l)).Select(m => m.Groups[1].Value).Distinct().ToList();
    }

    public static Readme Read(string repository) => new(File.ReadAllLines(Path.Combine(repository, "README.md")));

    private IEnumerable<(int Line, int Level, string Title)> Headings()
    {
        var inBlock = false;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith(Fence, StringComparison.Ordinal)) inBlock = !inBlock;
            else if (!inBlock && Heading().Match(lines[i]) is { Success: true } heading)
                yield return (i, heading.Groups[1].Length, heading.Groups[2].Value.Trim());
        }
    }

    [GeneratedRegex("^(#+) (.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex("`([\\w.-]+/[\\w./-]*)`")]
    private static partial Regex BacktickedPath();
}

/// <summary>One README command as it ran, and the paths it promises to write (its comment's, and its --out).</summary>
public sealed record QuickStartCommand(string Command, IReadOnlyList<string> Promised, ProcessResult Result, DateTime StartedUtc)
{
    /// <summary>Whether <paramref name="path"/> (relative to the clone) was written while this command ran.</summary>
    public bool Wrote(string clone, string path)
    {
        var full = Path.Combine(clone, path);
        var written = File.Exists(full) ? File.GetLastWriteTimeUtc(full) : Directory.Exists(full) ? Directory.GetLastWriteTimeUtc(full) : DateTime.MinValue;
        // File times are coarser than the clock on some file systems.
        return written >= StartedUtc - TimeSpan.FromSeconds(1);
    }

    public string Describe() => $"`{Command}` exited {Result.ExitCode}\nstdout: {Result.Output}\nstderr: {Result.Error}";
}

/// <summary>One request of the Predictor quick start: its README line, what the Predictor answered, and the answer the README shows under it.</summary>
public sealed record PredictorRequest(string Line, string Path, int Status, string Body, string? Documented);

public sealed record PredictorSession(string Command, IReadOnlyList<PredictorRequest> Requests, string Log);

/// <summary>A fresh clone of this repository with the README's quick start run in it once, in the README's order.</summary>
public sealed partial class ReadmeQuickStart : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Settings of the machine's environment that would change what the commands do.</summary>
    private static readonly string[] Unset =
        ["BASE_LOW", "BASE_HIGH", "NOISE_STD", "SPIKE_PROBABILITY", "MODEL_DIR", "BOOTSTRAP_MODEL_DIR", "MODEL_VERSION", "PORT"];

    private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>();

    private readonly TestDirectory _clone = new("labA-readme-");

    public string Clone => _clone.Path;
    public Readme Readme { get; }
    public QuickStartCommand Main { get; }
    /// <summary>The version on the card the main command wrote, read before the Trainer commands train over it.</summary>
    public string? MainModelVersion { get; }
    public PredictorSession Predictor { get; }
    public IReadOnlyList<QuickStartCommand> TrainerCommands { get; }

    public ReadmeQuickStart()
    {
        var cloned = TestProcess.Run(TestProcess.StartInfo("git", ["clone", "-q", RepositoryRoot.Path, Clone]), TimeSpan.FromMinutes(2));
        if (cloned.ExitCode != 0) throw new InvalidOperationException($"git clone {RepositoryRoot.Path} failed: {cloned.Error}");
        Readme = Readme.Read(Clone);

        var main = Assert.Single(Readme.FirstBlock("The whole lab on one machine"), l => l.Trim().Length > 0);
        Main = Run(main.Trim(), []);
        var card = Path.Combine(Clone, "model", "model.json");
        if (File.Exists(card))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(card));
            MainModelVersion = json.RootElement.GetProperty("version").GetString();
        }
        Predictor = RunPredictor(Readme.FirstBlock("Predictor"));
        TrainerCommands = Readme.FirstBlock("Trainer commands").Where(NeedsNoCluster).Select(RunTrainerLine).ToList();
    }

    public void Dispose() => _clone.Dispose();

    /// <summary>retrain reads its history from a Prometheus server; every other Trainer command runs on this machine alone.</summary>
    private static bool NeedsNoCluster(string line) => line.Trim().Length > 0 && !line.Contains("--prometheus", StringComparison.Ordinal);

    private QuickStartCommand RunTrainerLine(string line)
    {
        var (command, comment) = SplitComment(line);
        // A synopsis line ([--json], [--from ISO --to ISO]) runs in its shortest form: every optional part left out.
        string shortest;
        while ((shortest = Optional().Replace(command, "")) != command) command = shortest;
        var promised = CommentedPath().Matches(comment).Select(m => m.Value)
            .Concat(OutOption().Matches(command).Select(m => m.Groups[1].Value)).Distinct().ToList();
        if (ServerPort().Match(command) is { Success: true } port)
            return RunServer(command, port);
        return Run(command, promised);
    }

    /// <summary>
    /// A command that serves until stopped (load-source): started on a free port instead of the README's, which may
    /// be taken on this machine, its /metrics read once it answers, then stopped. Its output is that page.
    /// </summary>
    private QuickStartCommand RunServer(string command, Match port)
    {
        var free = TestProcess.FreePort();
        command = command.Replace(port.Value, $"--port {free}", StringComparison.Ordinal);
        var started = DateTime.UtcNow;
        using var process = System.Diagnostics.Process.Start(Shell(command, NoVariables))!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            var metrics = new Uri($"http://localhost:{free}/metrics");
            TestProcess.WaitUntilReadyAsync(process, metrics, CommandTimeout).GetAwaiter().GetResult();
            using var http = new HttpClient();
            var page = http.GetStringAsync(metrics).GetAwaiter().GetResult();
            return new QuickStartCommand(command, [], new ProcessResult(0, page, ""), started);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            process.Kill(entireProcessTree: true);
            return new QuickStartCommand(command, [], new ProcessResult(-1, e.Message, errors.GetAwaiter().GetResult()), started);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// The Predictor block: its dotnet run line started (on a free port: the README's 8080 may be taken on this
    /// machine), then each curl GET of the block asked, with the answer the README shows under it, if any. A request
    /// with a placeholder body (...) is not runnable as written and is left out.
    /// </summary>
    private PredictorSession RunPredictor(IReadOnlyList<string> block)
    {
        var (command, _) = SplitComment(Assert.Single(block, l => l.StartsWith("dotnet run", StringComparison.Ordinal)));
        var port = TestProcess.FreePort();
        using var process = System.Diagnostics.Process.Start(Shell(command, new Dictionary<string, string> { ["PORT"] = $"{port}" }))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var requests = new List<PredictorRequest>();
        try
        {
            try
            {
                TestProcess.WaitUntilReadyAsync(process, new Uri($"http://localhost:{port}/health"), CommandTimeout).GetAwaiter().GetResult();
            }
            catch (InvalidOperationException e)
            {
                // It exited: what it said is why.
                throw new InvalidOperationException($"`{command}`: {e.Message}\n{output.GetAwaiter().GetResult()}{errors.GetAwaiter().GetResult()}", e);
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; i < block.Count; i++)
            {
                var (curl, comment) = SplitComment(block[i]);
                if (!curl.StartsWith("curl ", StringComparison.Ordinal) || curl.Contains("...", StringComparison.Ordinal)) continue;
                var url = CurlUrl().Match(curl).Groups[1].Value.Replace("localhost:8080", $"localhost:{port}", StringComparison.Ordinal);
                var answer = http.GetAsync(new Uri($"http://{url}")).GetAwaiter().GetResult();
                var body = answer.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                var documented = DocumentedAnswer(comment, i + 1 < block.Count ? block[i + 1].Trim() : "");
                requests.Add(new PredictorRequest(block[i], new Uri($"http://{url}").AbsolutePath, (int)answer.StatusCode, body, documented));
            }
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        process.WaitForExit();
        return new PredictorSession(command, requests, output.GetAwaiter().GetResult() + errors.GetAwaiter().GetResult());
    }

    /// <summary>The answer the README shows for a request: on the line under it (# {...}) or as its comment ({...} and words).</summary>
    private static string? DocumentedAnswer(string comment, string nextLine) =>
        nextLine.StartsWith("# {", StringComparison.Ordinal) ? nextLine[2..]
        : comment.StartsWith('{') ? comment.Split(' ')[0]
        : null;

    private QuickStartCommand Run(string command, IReadOnlyList<string> promised)
    {
        var started = DateTime.UtcNow;
        var result = TestProcess.Run(Shell(command, NoVariables), CommandTimeout);
        return new QuickStartCommand(command, promised, result, started);
    }

    /// <summary>The command as a user types it: through a shell (for VAR=value prefixes), in the clone.</summary>
    private System.Diagnostics.ProcessStartInfo Shell(string command, IReadOnlyDictionary<string, string> environment)
    {
        var start = TestProcess.StartInfo("bash", ["-c", command], environment, Clone, Unset);
        start.Environment["NO_COLOR"] = "1";
        return start;
    }

    private static (string Command, string Comment) SplitComment(string line)
    {
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        return hash < 0 ? (line.Trim(), "") : (line[..hash].Trim(), line[(hash + 2)..].Trim());
    }

    [GeneratedRegex(@"\s*\[[^\[\]]*\]")]
    private static partial Regex Optional();

    [GeneratedRegex(@"[\w.-]+/[\w./-]*\.\w+")]
    private static partial Regex CommentedPath();

    [GeneratedRegex(@"--out (\S+)")]
    private static partial Regex OutOption();

    [GeneratedRegex(@"--port \d+")]
    private static partial Regex ServerPort();

    [GeneratedRegex(@"curl (?:-\S+ (?:\S+ )?)*'?(localhost:[^'\s]+)'?")]
    private static partial Regex CurlUrl();
}
