using System.Diagnostics;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Images;

/// <summary>
/// The predictor image bakes the trained model from <c>&lt;repo&gt;/model</c>; when there is none yet, train one
/// first with the Trainer, exactly as a user would from the command line.
/// </summary>
public static class ModelTraining
{
    public static string ModelDirectory(string repositoryRoot) => Path.Combine(repositoryRoot, Defaults.ModelDir);

    /// <summary>A model directory is usable once it holds something; the Trainer writes it atomically.</summary>
    public static bool HasModel(string modelDirectory) =>
        Directory.Exists(modelDirectory) && Directory.EnumerateFiles(modelDirectory).Any();

    /// <summary>Runs <c>dotnet run --project app/Trainer -- train --out &lt;dir&gt;</c> unless the directory already holds a model.</summary>
    /// <returns>Whether it trained.</returns>
    public static async Task<bool> EnsureTrainedAsync(string repositoryRoot, string modelDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        if (HasModel(modelDirectory)) return false;
        var trainer = Path.Combine(repositoryRoot, "app", "Trainer", "LabA.Trainer.csproj");
        string[] arguments = ["run", "--project", trainer, "-c", "Release", "--", "train", "--out", modelDirectory];
        log($"no model in {modelDirectory}: training one (dotnet {string.Join(' ', arguments)})");

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repositoryRoot,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var errors = new List<string>();
        process.OutputDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) log(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            log(e.Data);
            lock (errors) errors.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0 || !HasModel(modelDirectory))
        {
            string reason;
            lock (errors) reason = errors.Count > 0 ? errors[^1] : $"exit code {process.ExitCode}";
            throw new InvalidOperationException($"training the model into {modelDirectory} failed: {reason}");
        }
        return true;
    }
}
