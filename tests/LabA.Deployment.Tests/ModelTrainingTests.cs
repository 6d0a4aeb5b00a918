using LabA.Deployment.Images;

namespace LabA.Deployment.Tests;

/// <summary>The step the program runs before building the predictor image when model/ is missing: the real Trainer.</summary>
[Trait("Category", "Process")]
[Collection(RepositoryBuildCollection.Name)]
public class ModelTrainingTests
{
    [Fact]
    public async Task A_missing_model_is_trained_by_the_trainer_and_a_present_one_is_left_alone()
    {
        using var work = new TestDirectory();
        var model = Path.Combine(work.Path, "model");
        var series = Path.Combine(work.Path, "data", "cpu_load.csv");
        var log = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));

        var trained = await ModelTraining.EnsureTrainedAsync(RepositoryRoot.Path, model, series, line => { lock (log) log.Add(line); }, timeout.Token);

        Assert.True(trained);
        Assert.True(File.Exists(series));
        Assert.True(File.Exists(Path.Combine(model, "model.zip")), string.Join('\n', log));
        Assert.True(File.Exists(Path.Combine(model, "model.json")));
        var written = File.GetLastWriteTimeUtc(Path.Combine(model, "model.zip"));

        Assert.False(await ModelTraining.EnsureTrainedAsync(RepositoryRoot.Path, model, series, _ => { }, timeout.Token));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(model, "model.zip")));
    }

    [Fact]
    public async Task A_failing_trainer_fails_with_its_own_error()
    {
        using var work = new TestDirectory();
        var series = work.Write("cpu_load.csv", "this is not a series\n");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ModelTraining.EnsureTrainedAsync(RepositoryRoot.Path, Path.Combine(work.Path, "model"), series, _ => { }, timeout.Token));

        Assert.Contains("the Trainer failed (train", error.Message);
        Assert.Contains("cpu_load.csv", error.Message);
        Assert.False(ModelTraining.HasModel(Path.Combine(work.Path, "model")));
    }
}
