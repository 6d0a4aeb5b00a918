using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Infra.Tests;

public class ModelStoreStackTests
{
    [Fact]
    public async Task The_stack_creates_the_model_store_empty_and_the_predictor_mounts_it_whole_at_model_dir()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { ["namespace"] = "lab" });

        var store = run.Single("kubernetes:core/v1:ConfigMap", Names.ModelStore).Inputs;
        Assert.Equal("lab", store.At("metadata", "namespace"));
        Assert.Empty(store.At("data").Items());
        Assert.Null(store.At("binaryData"));

        var pod = run.Single("kubernetes:apps/v1:Deployment", Names.Predictor).Inputs.At("spec", "template", "spec");
        var container = pod.At("containers", 0);
        var settings = PredictorSettings.FromEnvironment(EnvReader.From(container.EnvOf()), "/app");
        var volume = Assert.Single(pod.At("volumes").Items(), v => v.At("configMap") is not null);
        Assert.Equal(Names.ModelStore, volume.At("configMap", "name"));
        var mount = Assert.Single(container.At("volumeMounts").Items(), m => m.At("name")!.Equals(volume.At("name")));
        Assert.Equal(settings.ModelDirectory, mount.At("mountPath"));
        // A subPath mount never sees the kubelet's swap of a ConfigMap's files.
        Assert.Null(mount.At("subPath"));
        Assert.Equal(Defaults.ImageModelDir, settings.BootstrapModelDirectory);
    }

    [Fact]
    public async Task A_pinned_model_version_from_the_stack_config_reaches_the_predictor()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { ["modelVersion"] = "20250120T101500Z-3fa2c1d0" });

        var env = run.Single("kubernetes:apps/v1:Deployment", Names.Predictor).Inputs.At("spec", "template", "spec", "containers", 0).EnvOf();
        Assert.Equal("20250120T101500Z-3fa2c1d0", env[PredictorCatalogue.ModelVersion.Env]);
    }
}
