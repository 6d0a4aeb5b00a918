using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Predictor.Tests;

public sealed class SettingsTests
{
    private static PredictorSettings From(params (string Key, string Value)[] values) =>
        PredictorSettings.FromEnvironment(EnvReader.From(values.ToDictionary(v => v.Key, v => v.Value)), "/opt/app");

    [Fact]
    public void Defaults_are_the_original_labs_and_the_model_in_the_working_directory()
    {
        var settings = From();
        Assert.Equal(PredictorCatalogue.Port.Default, settings.Port);
        Assert.Equal("/opt/app/model", settings.ModelDirectory);
        Assert.Null(settings.BootstrapModelDirectory);
        Assert.Null(settings.PinnedModelVersion);
        Assert.Equal(PredictorCatalogue.ModelCheckInterval.Default, settings.ModelCheckInterval);
        Assert.Equal(RecommendationCatalogue.MaxReplicas.Default, settings.Mapping.MaxReplicas);
    }

    [Theory]
    [InlineData("models/v2", "/opt/app/models/v2")]
    [InlineData("/mnt/models/v2", "/mnt/models/v2")]
    public void A_relative_model_dir_is_taken_against_the_working_directory(string modelDir, string expected)
    {
        Assert.Equal(expected, From((PredictorCatalogue.ModelDir.Env, modelDir)).ModelDirectory);
        Assert.Equal(expected, From((PredictorCatalogue.BootstrapModelDir.Env, modelDir)).BootstrapModelDirectory);
    }

    [Theory]
    [InlineData("PORT", "0")]
    [InlineData("PORT", "http")]
    [InlineData("MAX_REPLICAS", "0")]
    [InlineData("CPU_HIGH", "lots")]
    [InlineData("PROVISION_QUANTILE", "0.3")]
    [InlineData("PROVISION_QUANTILE", "p95")]
    [InlineData("MODEL_CHECK_INTERVAL", "11s")]
    [InlineData("MODEL_CHECK_INTERVAL", "0.01s")]
    [InlineData("MODEL_CHECK_INTERVAL", "often")]
    [InlineData("MODEL_VERSION", "two words")]
    public void Invalid_settings_name_the_variable(string key, string value) =>
        Assert.Equal(key, Assert.Throws<SettingsException>(() => From((key, value))).Key);

    /// <summary>The Predictor as the stack runs it, with the settings the stack's keys give it.</summary>
    private static PredictorSettings InCluster(ReplicaMapping mapping, ProvisioningQuantile quantile, string? pinnedModelVersion = null) =>
        (PredictorSettings.FromEnvironment(EnvReader.Empty, "/") with { Mapping = mapping, ProvisionQuantile = quantile, PinnedModelVersion = pinnedModelVersion })
        .InCluster();

    public static TheoryData<PredictorSettings> Wirings => new()
    {
        InCluster(ReplicaMapping.Default, RecommendationCatalogue.ProvisionQuantile.Default),
        InCluster(ReplicaMapping.Create(2, 40, 12.5, 77.25), ProvisioningQuantile.Off, "20250120T101500Z-3fa2c1d0"),
        new PredictorSettings(9091, "/srv/models", null, ReplicaMapping.Create(0, 3, 0, 1000), ProvisioningQuantile.Of(0.9),
            TimeSpan.FromMilliseconds(250), null),
    };

    [Theory]
    [MemberData(nameof(Wirings))]
    public void The_environment_infra_writes_reads_back_through_the_predictors_parser_to_the_same_settings(PredictorSettings wired)
    {
        var environment = wired.ToEnvironment();
        Assert.Equal(environment.Count, environment.Select(variable => variable.Key).Distinct().Count());
        // Another working directory: every path infra writes is absolute, so where the container starts cannot move it.
        var read = PredictorSettings.FromEnvironment(EnvReader.From(environment.ToDictionary(v => v.Key, v => v.Value)), "/somewhere/else");
        Assert.Equal(wired, read);
    }

    [Fact]
    public void In_a_cluster_the_store_is_watched_and_the_baked_model_is_the_bootstrap()
    {
        var settings = InCluster(ReplicaMapping.Default, ProvisioningQuantile.Off);
        Assert.Equal(Defaults.ModelStoreMountPath, settings.ModelDirectory);
        Assert.Equal(Defaults.ImageModelDir, settings.BootstrapModelDirectory);
        Assert.True(settings.ModelCheckInterval <= TimeSpan.FromSeconds(10));
    }
}
