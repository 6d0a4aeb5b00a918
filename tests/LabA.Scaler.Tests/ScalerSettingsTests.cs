using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Scaler.Tests;

public class ScalerSettingsTests
{
    [Fact]
    public void Unset_variables_take_the_shared_defaults()
    {
        var settings = ScalerSettings.Default;
        Assert.Equal("http://predictor.default.svc.cluster.local/predict", settings.PredictorUrl.AbsoluteUri);
        Assert.Equal((ScalerCatalogue.TargetDeployment.Default, Defaults.Namespace), (settings.TargetDeployment, settings.TargetNamespace));
        Assert.Equal(ScalerCatalogue.PredictorTimeout.Default, settings.PredictorTimeout);
        Assert.Equal(ScalingRules.Default, settings.Rules);
        Assert.Equal(ScalerCatalogue.Schedule.Default.Text, settings.Schedule.Text);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.ForecastWindow);
        Assert.False(settings.DryRun);
    }

    [Fact]
    public void ToEnvironment_names_every_variable_and_reads_back_to_the_same_settings()
    {
        var original = ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string>
        {
            [ScalerCatalogue.PredictorUrl.Env] = "http://predictor.ops.svc:8080/predict?model=b",
            [ScalerCatalogue.TargetDeployment.Env] = "checkout.v2",
            [ScalerCatalogue.TargetNamespace.Env] = "shop",
            [ScalerCatalogue.PredictorTimeout.Env] = "2.5",
            [RecommendationCatalogue.MinReplicas.Env] = "0",
            [RecommendationCatalogue.MaxReplicas.Env] = "40",
            [RecommendationCatalogue.CpuLow.Env] = "12.5",
            [RecommendationCatalogue.CpuHigh.Env] = "90",
            [ScalerCatalogue.ScaleDownStabilization.Env] = "1h30m",
            [ScalerCatalogue.MaxScaleUpStep.Env] = "8",
            [ScalerCatalogue.MaxScaleDownStep.Env] = "1",
            [ScalerCatalogue.DryRun.Env] = "yes",
            [ScalerCatalogue.Schedule.Env] = "*/5   * * * *",
            [ScalerCatalogue.PrometheusUrl.Env] = "http://prometheus-server.monitoring.svc",
            [ScalerCatalogue.LoadQuery.Env] = "sum(rate(http_requests_total{job=\"checkout\"}[2m]))",
            [ScalerCatalogue.ObservationWindow.Env] = "45m",
            [RecommendationCatalogue.ProvisionQuantile.Env] = "0.9",
            [ScalerCatalogue.WorkloadsFile.Env] = "/etc/lab-a/workloads.json",
            [ScalerCatalogue.PodStartup.Env] = "3m30s",
        }));
        var environment = original.ToEnvironment();
        Assert.Equal(ScalerCatalogue.All.Count, environment.Select(p => p.Key).Distinct().Count());
        Assert.Equal("3m30s", environment.Single(p => p.Key == ScalerCatalogue.PodStartup.Env).Value);
        Assert.Equal("1h30m", environment.Single(p => p.Key == ScalerCatalogue.ScaleDownStabilization.Env).Value);

        var readBack = ScalerSettings.FromEnvironment(EnvReader.From(environment.ToDictionary()));
        Assert.Equal(original.ToEnvironment(), readBack.ToEnvironment());
        Assert.Equal(original.Rules, readBack.Rules);
        Assert.Equal((true, TimeSpan.FromSeconds(2.5), TimeSpan.FromMinutes(5)), (readBack.DryRun, readBack.PredictorTimeout, readBack.ForecastWindow));
        Assert.Equal((new Uri("http://prometheus-server.monitoring.svc"), TimeSpan.FromMinutes(45)), (readBack.PrometheusUrl, readBack.ObservationWindow));
        Assert.Equal("sum(rate(http_requests_total{job=\"checkout\"}[2m]))", readBack.EffectiveLoadQuery);
        Assert.Equal(0.9, readBack.ProvisionQuantile.Level);
        Assert.True(ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { [RecommendationCatalogue.ProvisionQuantile.Env] = "off" })).ProvisionQuantile.IsOff);
    }

    [Fact]
    public void Without_PROMETHEUS_URL_the_loop_is_open_and_the_defaults_follow_the_target_and_the_model()
    {
        var open = ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { [ScalerCatalogue.TargetDeployment.Env] = "checkout" }));
        Assert.False(open.ClosedLoop);
        Assert.Null(open.ObservationWindow); // the served model's card decides
        Assert.Equal("laba_synthetic_load{target=\"checkout\"}", open.EffectiveLoadQuery);
        // As the infra program derives a stack's settings: the default query follows the target it sets.
        Assert.Equal("laba_synthetic_load{target=\"web\"}", (ScalerSettings.Default with { TargetDeployment = "web" }).EffectiveLoadQuery);
        var closed = ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { [ScalerCatalogue.PrometheusUrl.Env] = "http://127.0.0.1:9090" }));
        Assert.True(closed.ClosedLoop);
        var readBack = ScalerSettings.FromEnvironment(EnvReader.From(closed.ToEnvironment().ToDictionary()));
        Assert.Equal((closed.PrometheusUrl, closed.LoadQuery, closed.ObservationWindow), (readBack.PrometheusUrl, readBack.LoadQuery, readBack.ObservationWindow));
    }

    [Theory]
    [InlineData("PREDICTOR_URL", "predictor:8080")]
    [InlineData("TARGET_DEPLOYMENT", "Sample_App")]
    [InlineData("TARGET_NAMESPACE", "team.a")]
    [InlineData("CURL_TIMEOUT", "0")]
    [InlineData("MIN_REPLICAS", "-1")]
    [InlineData("MAX_REPLICAS", "ten")]
    [InlineData("MAX_REPLICAS", "2147483647")]
    [InlineData("MAX_REPLICAS", "1001")]
    [InlineData("CURL_TIMEOUT", "16")]
    [InlineData("CURL_TIMEOUT", "1m")]
    [InlineData("CPU_HIGH", "1e308")]
    [InlineData("CPU_HIGH", "0")]
    [InlineData("MAX_SCALE_UP_STEP", "0")]
    [InlineData("MAX_SCALE_DOWN_STEP", "-2")]
    [InlineData("SCALE_DOWN_STABILIZATION", "five minutes")]
    [InlineData("DRY_RUN", "maybe")]
    [InlineData("SCHEDULE", "*/2 * * *")]
    [InlineData("PROMETHEUS_URL", "prometheus:9090")]
    [InlineData("PROMETHEUS_URL", "ftp://prometheus")]
    [InlineData("OBSERVATION_WINDOW", "an hour")]
    [InlineData("OBSERVATION_WINDOW", "0")]
    [InlineData("OBSERVATION_WINDOW", "8d")]
    [InlineData("OBSERVATION_WINDOW", "200h")]
    public void A_bad_value_is_refused_naming_its_variable(string variable, string value)
    {
        var error = Assert.Throws<SettingsException>(() =>
            ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { [variable] = value })));
        Assert.Equal(variable, error.Key);
    }

    [Fact]
    public void The_bounds_are_the_documented_ones_and_the_error_names_them()
    {
        var error = Assert.Throws<SettingsException>(() =>
            ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { [RecommendationCatalogue.MaxReplicas.Env] = "2147483647" })));
        Assert.Equal("MAX_REPLICAS: 2147483647 is above the maximum 1000", error.Message);
        var timeout = Assert.Throws<SettingsException>(() =>
            ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { [ScalerCatalogue.PredictorTimeout.Env] = "1m" })));
        Assert.Equal("CURL_TIMEOUT: 1m is above the maximum 15s", timeout.Message);

        var widest = ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string>
        {
            [RecommendationCatalogue.MaxReplicas.Env] = "1000", [ScalerCatalogue.PredictorTimeout.Env] = "15s", [RecommendationCatalogue.CpuHigh.Env] = "1000",
        }));
        Assert.Equal((ReplicaMapping.MaxReplicasBound, ScalerCatalogue.MaxPredictorTimeout, ReplicaMapping.MaxCpuPercent),
            (widest.Rules.Mapping.MaxReplicas, widest.PredictorTimeout, widest.Rules.Mapping.CpuHigh));
    }

    [Fact]
    public async Task The_run_exits_2_naming_the_variable_before_asking_anyone_anything()
    {
        var log = new StringWriter();
        var exitCode = await ScalerApp.RunOnceAsync(
            EnvReader.From(new Dictionary<string, string> { [ScalerCatalogue.MaxScaleUpStep.Env] = "lots" }), log, CancellationToken.None);
        Assert.Equal(ScalerExitCodes.InvalidSettings, exitCode);
        var line = Assert.Single(ScalerHarness.ParseLines(log.ToString()));
        Assert.Equal("settings", line.GetProperty("cause").GetString());
        Assert.StartsWith("MAX_SCALE_UP_STEP: 'lots' is not a whole number", line.GetProperty("message").GetString());
    }
}
