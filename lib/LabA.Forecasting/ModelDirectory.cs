using System.Text.Json;
using LabA.Forecasting.Model;
using Microsoft.ML;

namespace LabA.Forecasting;

/// <summary>
/// A model on disk: model.zip and model.json in one directory, as the Trainer writes it, the image bakes it and a
/// ConfigMap volume would mount it (binaryData keys are file names). <see cref="Verify"/> is the one check every reader
/// goes through, so that a directory is served either as one consistent, sane model or not at all.
/// </summary>
public static class ModelDirectory
{
    /// <summary>
    /// Reads both files once (the bytes checked are the bytes loaded, whatever changes on disk meanwhile) and checks that
    /// they are one model: the card parses, is bound to this very archive by its <see cref="ArchiveInfo"/>, holds values
    /// serving can rely on (<see cref="ModelCardValidation"/>), describes features this version builds, and the archive
    /// loads and gives finite forecasts. Never throws for what is on disk; the reason names the file and what is wrong.
    /// </summary>
    public static ModelVerification Verify(string directory)
    {
        var archivePath = Path.Combine(directory, ForecastModel.ModelFileName);
        var cardPath = Path.Combine(directory, ForecastModel.CardFileName);
        if (!Directory.Exists(directory)) return Refused($"{directory}: model directory not found (train one with: trainer train --out {directory})");
        if (!File.Exists(archivePath)) return Refused($"{archivePath}: missing (train a model into {directory} first)");
        if (!File.Exists(cardPath)) return Refused($"{cardPath}: missing (model.zip needs its card; retrain into {directory})");

        byte[] archive;
        ModelCard card;
        try
        {
            archive = File.ReadAllBytes(archivePath);
            card = ModelCardJson.DeserializeCard(File.ReadAllText(cardPath));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return Refused($"{cardPath}: not a readable model card: {FirstLine(e.Message)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Refused($"{directory}: cannot read the model: {FirstLine(e.Message)}");
        }

        if (card.Archive is not { } binding)
            return Refused($"{cardPath}: has no archive hash (written by an older Trainer), so {ForecastModel.ModelFileName} cannot be checked to belong to it; retrain into {directory}");
        if (binding.Mismatch(archive, card) is { } mismatch) return Refused($"{directory}: {mismatch}; retrain into {directory}");
        if (ModelCardValidation.Problem(card) is { } problem) return Refused($"{cardPath}: {problem}");

        FeatureSpec spec;
        try
        {
            spec = FeatureSpec.FromCard(card);
        }
        catch (FormatException e)
        {
            return Refused($"{cardPath}: not a readable model card: {e.Message}");
        }
        if (spec.HistoryPoints != card.HistoryPoints)
            return Refused($"{cardPath}: historyPoints: {card.HistoryPoints} is not what its features read at step {card.Step} ({spec.HistoryPoints})");

        ForecastModel? model = null;
        try
        {
            using var stream = new MemoryStream(archive, writable: false);
            var transformer = Ml.Context.Model.Load(stream, out var inputSchema);
            model = new ForecastModel(transformer, inputSchema, spec, card, archive);
            if (model.ScoreProblem() is { } scores)
            {
                model.Dispose();
                return Refused($"{archivePath}: not a servable model: it {scores}");
            }
            return ModelVerification.Verified(model);
        }
        catch (Exception e)
        {
            // ML.NET reports a bad archive with whatever exception its reader hits; any of them means the same to a reader.
            model?.Dispose();
            return Refused($"{archivePath}: not a loadable ML.NET model: {FirstLine(e.Message)}");
        }
    }

    private static ModelVerification Refused(string reason) => ModelVerification.Refused(reason);

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
