using System.IO.Compression;
using LabA.Forecasting.Model;

namespace LabA.Forecasting.Tests;

/// <summary>A saved model whose forecaster.json was edited and whose card was then bound to the edited archive, as a forger would.</summary>
internal static class TamperedArchive
{
    private const string RecipeEntry = "forecaster.json";

    public static void RewriteRecipe(string directory, Func<string, string> edit)
    {
        var archivePath = Path.Combine(directory, ForecastModel.ModelFileName);
        using (var zip = ZipFile.Open(archivePath, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry(RecipeEntry)!;
            string json;
            using (var reader = new StreamReader(entry.Open())) json = reader.ReadToEnd();
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(RecipeEntry).Open());
            writer.Write(edit(json));
        }
        var cardPath = Path.Combine(directory, ForecastModel.CardFileName);
        var card = ModelCardJson.DeserializeCard(File.ReadAllText(cardPath));
        File.WriteAllText(cardPath, ModelCardJson.Serialize(card with { Archive = ArchiveInfo.Of(ForecastModel.ModelFileName, File.ReadAllBytes(archivePath), card) }));
    }
}
