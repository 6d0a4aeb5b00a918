using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Tests;

public sealed class SettingsTests
{
    private static PredictorSettings From(params (string Key, string Value)[] values) =>
        PredictorSettings.From(EnvReader.From(values.ToDictionary(v => v.Key, v => v.Value)), "/opt/app");

    [Fact]
    public void Defaults_are_the_original_labs_and_the_model_in_the_working_directory()
    {
        var settings = From();
        Assert.Equal(Defaults.PredictorPort, settings.Port);
        Assert.Equal("/opt/app/model", settings.ModelDirectory);
        Assert.Equal(Defaults.MaxReplicas, settings.Mapping.MaxReplicas);
    }

    [Theory]
    [InlineData("models/v2", "/opt/app/models/v2")]
    [InlineData("/mnt/models/v2", "/mnt/models/v2")]
    public void A_relative_model_dir_is_taken_against_the_working_directory(string modelDir, string expected) =>
        Assert.Equal(expected, From((EnvVars.ModelDir, modelDir)).ModelDirectory);

    [Theory]
    [InlineData(EnvVars.Port, "0")]
    [InlineData(EnvVars.Port, "http")]
    [InlineData(EnvVars.MaxReplicas, "0")]
    [InlineData(EnvVars.CpuHigh, "lots")]
    [InlineData(EnvVars.ProvisionQuantile, "0.3")]
    [InlineData(EnvVars.ProvisionQuantile, "p95")]
    public void Invalid_settings_name_the_variable(string key, string value) =>
        Assert.Equal(key, Assert.Throws<SettingsException>(() => From((key, value))).Key);
}
