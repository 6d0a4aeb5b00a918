using System.Diagnostics;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Images;

/// <summary>
/// The predictor image bakes the trained model from <c>&lt;repo&gt;/model</c>; when there is none yet, train one
/// first with the Trainer, exactly as a user would from the command line: <c>generate</c> (unless the series
/// file already exists, which then is what the model learns from) and <c>train</c>.
/// </summary>
public static class ModelTraining
{
    public static string ModelDirectory(string repositoryRoot) => Path.Combine(repositoryRoot, PredictorCatalogue.ModelDir.Default);

    public static string SeriesFile(string repositoryRoot) => Path.Combine(repositoryRoot, Defaults.GeneratorOut);

    /// <summary>A model directory is usable once it holds something; the Trainer writes its files atomically.</summary>
    public static bool HasModel(string modelDirectory) =>
        Directory.Exists(modelDirectory) && Directory.EnumerateFiles(modelDirectory).Any();

    /// <returns>Whether it trained (false: a model was already there).</returns>
    /// <exception cref="InvalidOperationException">The Trainer failed; the message ends with its last error line.</exception>
    public static async Task<bool> EnsureTrainedAsync(
        string repositoryRoot, string modelDirectory, string seriesFile, Action<string> log, CancellationToken cancellationToken)
    {
        if (HasModel(modelDirectory)) return false;
        log($"no model in {modelDirectory}: training one with the Trainer");
        var trainer = Path.Combine(repositoryRoot, "app", "Trainer", "LabA.Trainer.csproj");
        var built = false;
        if (!File.Exists(seriesFile))
        {
            await RunTrainerAsync(repositoryRoot, trainer, build: true, ["generate", "--out", seriesFile], log, cancellationToken);
            built = true;
        }
        await RunTrainerAsync(repositoryRoot, trainer, build: !built, ["train", "--data", seriesFile, "--out", modelDirectory], log, cancellationToken);
        if (!HasModel(modelDirectory)) throw new InvalidOperationException($"the Trainer reported success but wrote no model into {modelDirectory}");
        return true;
    }

    private static async Task RunTrainerAsync(
        string repositoryRoot, string trainer, bool build, IReadOnlyList<string> trainerArguments, Action<string> log, CancellationToken cancellationToken)
    {
        List<string> arguments = ["run", "--project", trainer, "-c", "Release"];
        if (!build) arguments.Add("--no-build");
        arguments.Add("--");
        arguments.AddRange(trainerArguments);
        log($"dotnet {string.Join(' ', arguments)}");

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repositoryRoot,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var lastError = "";
        process.OutputDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            log(e.Data);
            // dotnet run reports a failed build of the Trainer on stdout.
            if (e.Data.Contains(": error ", StringComparison.Ordinal)) lastError = e.Data;
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            log(e.Data);
            lastError = e.Data;
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
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"the Trainer failed ({trainerArguments[0]}, exit code {process.ExitCode}){(lastError.Length > 0 ? ": " + lastError.Trim() : "")}");
    }
}
