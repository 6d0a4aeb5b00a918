using LabA.Forecasting.Model;

namespace LabA.Forecasting.Tests;

/// <summary>Models trained once for <see cref="ModelLoadTests"/>: each test breaks a copy of the saved one.</summary>
public sealed class SavedModels : IDisposable
{
    public SavedModels()
    {
        Training.TrainToDirectory(TestSeries.Synthetic(days: 2), new TrainingOptions { Trainer = Trainers.FastTree }, Saved).Dispose();
        // What these tests check is the pair of files, not the forecaster in them: the cheapest kind will do.
        var baseline = new TrainingOptions { Trainer = ForecasterKinds.Persistence };
        Training.TrainToDirectory(TestSeries.Synthetic(days: 2, seed: 11), baseline, Other).Dispose();
        Newer = Training.Train(TestSeries.Synthetic(days: 2, seed: 12), baseline);
    }

    /// <summary>A saved FastTree model; never changed, only copied.</summary>
    public string Saved { get; } = TestSeries.TemporaryDirectory();
    /// <summary>Another saved model, trained on other data.</summary>
    public string Other { get; } = TestSeries.TemporaryDirectory();
    /// <summary>A model not saved yet, to save over a copy of <see cref="Saved"/>.</summary>
    public ForecastModel Newer { get; }

    public void Dispose() => Newer.Dispose();
}

public class ModelLoadTests(SavedModels models) : IClassFixture<SavedModels>
{
    private string TrainedDirectory() => TestSeries.CopyOf(models.Saved);

    [Fact]
    public void Missing_directory_or_files_are_named()
    {
        var missing = Path.Combine(TestSeries.TemporaryDirectory(), "nothing");
        Assert.Contains("model directory not found", Assert.Throws<ModelLoadException>(() => ForecastModel.Load(missing)).Message);

        var directory = TrainedDirectory();
        File.Delete(Path.Combine(directory, "model.json"));
        Assert.Contains("model.json: missing", Assert.Throws<ModelLoadException>(() => ForecastModel.Load(directory)).Message);
        File.Delete(Path.Combine(directory, "model.zip"));
        Assert.Contains("model.zip: missing", Assert.Throws<ModelLoadException>(() => ForecastModel.Load(directory)).Message);
    }

    [Fact]
    public void Corrupt_zip_and_unreadable_card_are_named()
    {
        var directory = TrainedDirectory();
        File.WriteAllText(Path.Combine(directory, "model.json"), "{ not json");
        Assert.Contains("model.json: not a readable model card", Assert.Throws<ModelLoadException>(() => ForecastModel.Load(directory)).Message);

        // Garbage under a card that names the garbage: the hash passes, ML.NET's reader does not.
        directory = TrainedDirectory();
        byte[] garbage = [1, 2, 3, 4];
        File.WriteAllBytes(Path.Combine(directory, "model.zip"), garbage);
        var card = ReadCard(directory);
        WriteCard(directory, card with { Archive = ArchiveInfo.Of(ForecastModel.ModelFileName, garbage, card) });
        Assert.Contains("model.zip: not a loadable ML.NET model", Assert.Throws<ModelLoadException>(() => ForecastModel.Load(directory)).Message);
    }

    [Fact]
    public void A_zip_that_is_not_the_one_the_card_was_written_with_is_refused_naming_both_hashes()
    {
        var directory = TrainedDirectory();
        var other = models.Other;
        File.Copy(Path.Combine(other, "model.zip"), Path.Combine(directory, "model.zip"), overwrite: true);

        var reason = ModelDirectory.Verify(directory).Reason;
        Assert.NotNull(reason);
        Assert.Contains("model.zip is not the archive this card was written with", reason);
        Assert.Contains(ReadCard(directory).Archive!.Sha256, reason);
        Assert.Contains(ReadCard(other).Archive!.Sha256, reason);
    }

    [Fact]
    public void Bytes_held_in_memory_get_the_directory_check_without_touching_disk()
    {
        var archive = File.ReadAllBytes(Path.Combine(models.Saved, "model.zip"));
        var card = File.ReadAllBytes(Path.Combine(models.Saved, "model.json"));
        using (var verified = ModelDirectory.Verify(archive, card).Model)
        {
            Assert.NotNull(verified);
            Assert.Equal(archive, verified.Archive.ToArray());
        }

        var otherArchive = File.ReadAllBytes(Path.Combine(models.Other, "model.zip"));
        Assert.Contains("model: model.zip is not the archive this card was written with", ModelDirectory.Verify(otherArchive, card).Reason);
        Assert.Contains("model.json: not a readable model card", ModelDirectory.Verify(archive, "{ not json"u8.ToArray()).Reason);
    }

    [Fact]
    public void A_save_that_fails_at_the_card_leaves_the_previous_model_whole()
    {
        // The card cannot be written (a directory stands in its place): the Trainer used to exit 2 with the new
        // model.zip already in place; now the old one is put back and nothing is left behind.
        var directory = TrainedDirectory();
        var oldArchive = File.ReadAllBytes(Path.Combine(directory, "model.zip"));
        File.Delete(Path.Combine(directory, "model.json"));
        Directory.CreateDirectory(Path.Combine(directory, "model.json", "blocked"));

        Assert.ThrowsAny<IOException>(() => models.Newer.Save(directory));

        Assert.Equal(oldArchive, File.ReadAllBytes(Path.Combine(directory, "model.zip")));
        Assert.Equal(["model.json", "model.zip"], Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_saved_model_replaces_the_previous_one_as_a_pair()
    {
        var directory = TrainedDirectory();
        var newer = models.Newer;
        newer.Save(directory);

        using var loaded = ForecastModel.Load(directory);
        Assert.Equal(newer.Card.Version, loaded.Card.Version);
        Assert.Equal(newer.Card.Archive, loaded.Card.Archive);
        Assert.Equal(newer.Card.Archive!.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, "model.zip")))));
        Assert.Equal(["model.json", "model.zip"], Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Order());
    }

    private static ModelCard ReadCard(string directory) => ModelCardJson.DeserializeCard(File.ReadAllText(Path.Combine(directory, "model.json")));

    private static void WriteCard(string directory, ModelCard card) => File.WriteAllText(Path.Combine(directory, "model.json"), ModelCardJson.Serialize(card));
}
