namespace LabA.Trainer.Tests.Retraining;

/// <summary>The kubelet's ConfigMap volume layout, as the hot-reload tests rely on it.</summary>
public sealed class KubeletConfigMapVolumeTests
{
    [Fact]
    public void An_update_swaps_the_data_link_to_a_new_directory_removes_the_old_one_and_dropped_keys()
    {
        var volume = TrainerProcess.NewWorkingDirectory();
        KubeletConfigMapVolume.Write(volume, new Dictionary<string, byte[]> { ["model.zip"] = [1], ["model.json"] = [2], ["extra"] = [3] });
        var first = new FileInfo(Path.Combine(volume, "..data")).LinkTarget;

        KubeletConfigMapVolume.Write(volume, new Dictionary<string, byte[]> { ["model.zip"] = [4], ["model.json"] = [5] });

        var second = new FileInfo(Path.Combine(volume, "..data")).LinkTarget;
        Assert.NotEqual(first, second);
        Assert.False(Directory.Exists(Path.Combine(volume, first!)));
        Assert.Equal(Path.Combine("..data", "model.zip"), new FileInfo(Path.Combine(volume, "model.zip")).LinkTarget);
        Assert.Equal([4], File.ReadAllBytes(Path.Combine(volume, "model.zip")));
        Assert.Equal([5], File.ReadAllBytes(Path.Combine(volume, "model.json")));
        Assert.False(File.Exists(Path.Combine(volume, "extra")));
    }
}
