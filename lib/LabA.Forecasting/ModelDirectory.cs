using System.Text;
using System.Text.Json;
using LabA.Forecasting.Model;
using Microsoft.ML;

namespace LabA.Forecasting;

/// <summary>
/// A model on disk: model.zip and model.json in one directory, as the Trainer writes it, the image bakes it and a
/// ConfigMap volume would mount it (binaryData keys are file names). <see cref="Verify(string)"/> (and, for the same two
/// files held in memory, <see cref="Verify(byte[], byte[])"/>) is the one check every reader goes through, so that a
/// model is served either as one consistent, sane model or not at all.
/// </summary>
public static class ModelDirectory
{
    /// <summary>
    /// Reads both files once (the bytes checked are the bytes loaded, whatever changes on disk meanwhile) and checks that
    /// they are one model (<see cref="Verify(byte[], byte[])"/>). Never throws for what is on disk; the reason names the
    /// file and what is wrong.
    /// </summary>
    public static ModelVerification Verify(string directory)
    {
        var archivePath = Path.Combine(directory, ForecastModel.ModelFileName);
        var cardPath = Path.Combine(directory, ForecastModel.CardFileName);
        if (!Directory.Exists(directory)) return Refused($"{directory}: model directory not found (train one with: trainer train --out {directory})");
        if (!File.Exists(archivePath)) return Refused($"{archivePath}: missing (train a model into {directory} first)");
        if (!File.Exists(cardPath)) return Refused($"{cardPath}: missing (model.zip needs its card; retrain into {directory})");

        byte[] archive;
        byte[] card;
        try
        {
            archive = File.ReadAllBytes(archivePath);
            card = File.ReadAllBytes(cardPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Refused($"{directory}: cannot read the model: {FirstLine(e.Message)}");
        }
        return Verify(archive, card, directory);
    }

    /// <summary>
    /// Checks that model.zip's and model.json's bytes, held in memory (a retrain's challenger, the model store's keys), are
    /// one model: the card parses, is bound to this very archive by its <see cref="ArchiveInfo"/>, holds values serving can
    /// rely on (<see cref="ModelCardValidation"/>), describes features this version builds, and the archive holds the kind
    /// of forecaster the card names, reading the history it says, and gives finite forecasts. Never throws for what the
    /// bytes hold; the reason names the file (model.zip or model.json) and what is wrong.
    /// </summary>
    public static ModelVerification Verify(byte[] archive, byte[] card) => Verify(archive, card, directory: null);

    /// <param name="directory">Where the bytes were read from, to name in the reasons; null for bytes held in memory.</param>
    private static ModelVerification Verify(byte[] archive, byte[] cardBytes, string? directory)
    {
        var archivePath = directory is null ? ForecastModel.ModelFileName : Path.Combine(directory, ForecastModel.ModelFileName);
        var cardPath = directory is null ? ForecastModel.CardFileName : Path.Combine(directory, ForecastModel.CardFileName);
        var retrain = directory is null ? "retrain" : $"retrain into {directory}";

        ModelCard card;
        try
        {
            card = ModelCardJson.DeserializeCard(Utf8Text(cardBytes));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return Refused($"{cardPath}: not a readable model card: {FirstLine(e.Message)}");
        }

        if (card.Archive is not { } binding)
            return Refused($"{cardPath}: has no archive hash (written by an older Trainer), so {ForecastModel.ModelFileName} cannot be checked to belong to it; {retrain}");
        if (binding.Mismatch(archive, card) is { } mismatch) return Refused($"{directory ?? "model"}: {mismatch}; {retrain}");
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
        ForecastModel? model = null;
        try
        {
            var forecaster = ForecastArchive.Unpack(archive, spec, card.Kind ?? ForecasterKinds.Ml, card.Trainer.Name);
            model = new ForecastModel(forecaster, spec, card, archive);
            if ((card.Kind ?? ForecasterKinds.Ml) != forecaster.Kind)
                return Refuse(model, $"{cardPath}: kind: '{card.Kind}' is not the kind of forecaster {ForecastModel.ModelFileName} holds ('{forecaster.Kind}')");
            if (forecaster.HistoryPoints != card.HistoryPoints)
                return Refuse(model, $"{cardPath}: historyPoints: {card.HistoryPoints} is not what its {forecaster.Kind} forecaster reads at step {card.Step} ({forecaster.HistoryPoints})");
            if (forecaster.ObservationsOptional != card.ObservationsOptional)
                return Refuse(model, $"{cardPath}: observationsOptional: {card.ObservationsOptional} is not what its {forecaster.Kind} forecaster says ({forecaster.ObservationsOptional})");
            if (model.ScoreProblem() is { } scores)
                return Refuse(model, $"{archivePath}: not a servable model: it {scores}");
            return ModelVerification.Verified(model);
        }
        catch (ForecasterRecipeException e)
        {
            model?.Dispose();
            return Refused($"{archivePath}: not a forecaster this version builds: {FirstLine(e.Message)}");
        }
        catch (Exception e)
        {
            // ML.NET reports a bad archive with whatever exception its reader hits; any of them means the same to a reader.
            model?.Dispose();
            return Refused($"{archivePath}: not a loadable ML.NET model: {FirstLine(e.Message)}");
        }
    }

    /// <summary>The card's text as File.ReadAllText reads it: UTF-8, a byte order mark skipped.</summary>
    private static string Utf8Text(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static ModelVerification Refuse(ForecastModel model, string reason)
    {
        model.Dispose();
        return Refused(reason);
    }

    private static ModelVerification Refused(string reason) => ModelVerification.Refused(reason);

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
