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
        Assert.Equal((Defaults.TargetDeployment, Defaults.Namespace), (settings.TargetDeployment, settings.TargetNamespace));
        Assert.Equal(Defaults.PredictorTimeout, settings.PredictorTimeout);
        Assert.Equal(ScalingRules.Default, settings.Rules);
        Assert.Equal(Defaults.Schedule, settings.Schedule.Text);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.ForecastWindow);
        Assert.False(settings.DryRun);
    }

    [Fact]
    public void ToEnvironment_names_every_variable_and_reads_back_to_the_same_settings()
    {
        var original = ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string>
        {
            [EnvVars.PredictorUrl] = "http://predictor.ops.svc:8080/predict?model=b",
            [EnvVars.TargetDeployment] = "checkout.v2",
            [EnvVars.TargetNamespace] = "shop",
            [EnvVars.PredictorTimeout] = "2.5",
            [EnvVars.MinReplicas] = "0",
            [EnvVars.MaxReplicas] = "40",
            [EnvVars.CpuLow] = "12.5",
            [EnvVars.CpuHigh] = "90",
            [EnvVars.ScaleDownStabilization] = "1h30m",
            [EnvVars.MaxScaleUpStep] = "8",
            [EnvVars.MaxScaleDownStep] = "1",
            [EnvVars.DryRun] = "yes",
            [EnvVars.Schedule] = "*/5   * * * *",
            [EnvVars.PrometheusUrl] = "http://prometheus-server.monitoring.svc",
            [EnvVars.LoadQuery] = "sum(rate(http_requests_total{job=\"checkout\"}[2m]))",
            [EnvVars.ObservationWindow] = "45m",
            [EnvVars.ProvisionQuantile] = "0.9",
            [EnvVars.WorkloadsFile] = "/etc/lab-a/workloads.json",
            [EnvVars.PodStartup] = "3m30s",
        }));
        var environment = original.ToEnvironment();
        Assert.Equal(19, environment.Select(p => p.Key).Distinct().Count());
        Assert.Equal("3m30s", environment.Single(p => p.Key == EnvVars.PodStartup).Value);
        Assert.Equal("1h30m", environment.Single(p => p.Key == EnvVars.ScaleDownStabilization).Value);

        var readBack = ScalerSettings.FromEnvironment(EnvReader.From(environment.ToDictionary()));
        Assert.Equal(original.ToEnvironment(), readBack.ToEnvironment());
        Assert.Equal(original.Rules, readBack.Rules);
        Assert.Equal((true, TimeSpan.FromSeconds(2.5), TimeSpan.FromMinutes(5)), (readBack.DryRun, readBack.PredictorTimeout, readBack.ForecastWindow));
        Assert.Equal((new Uri("http://prometheus-server.monitoring.svc"), TimeSpan.FromMinutes(45)), (readBack.PrometheusUrl, readBack.ObservationWindow));
        Assert.Equal("sum(rate(http_requests_total{job=\"checkout\"}[2m]))", readBack.EffectiveLoadQuery);
        Assert.Equal(0.9, readBack.ProvisionQuantile.Level);
        Assert.True(ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { [EnvVars.ProvisionQuantile] = "off" })).ProvisionQuantile.IsOff);
    }

    [Fact]
    public void Without_PROMETHEUS_URL_the_loop_is_open_and_the_defaults_follow_the_target_and_the_model()
    {
        var open = ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { [EnvVars.TargetDeployment] = "checkout" }));
        Assert.False(open.ClosedLoop);
        Assert.Null(open.ObservationWindow); // the served model's card decides
        Assert.Equal("laba_synthetic_load{target=\"checkout\"}", open.EffectiveLoadQuery);
        // As the infra program derives a stack's settings: the default query follows the target it sets.
        Assert.Equal("laba_synthetic_load{target=\"web\"}", (ScalerSettings.Default with { TargetDeployment = "web" }).EffectiveLoadQuery);
        var closed = ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { [EnvVars.PrometheusUrl] = "http://127.0.0.1:9090" }));
        Assert.True(closed.ClosedLoop);
        var readBack = ScalerSettings.FromEnvironment(EnvReader.From(closed.ToEnvironment().ToDictionary()));
        Assert.Equal((closed.PrometheusUrl, closed.LoadQuery, closed.ObservationWindow), (readBack.PrometheusUrl, readBack.LoadQuery, readBack.ObservationWindow));
    }

    [Theory]
    [InlineData(EnvVars.PredictorUrl, "predictor:8080")]
    [InlineData(EnvVars.TargetDeployment, "Sample_App")]
    [InlineData(EnvVars.TargetNamespace, "team.a")]
    [InlineData(EnvVars.PredictorTimeout, "0")]
    [InlineData(EnvVars.MinReplicas, "-1")]
    [InlineData(EnvVars.MaxReplicas, "ten")]
    [InlineData(EnvVars.MaxReplicas, "2147483647")]
    [InlineData(EnvVars.MaxReplicas, "1001")]
    [InlineData(EnvVars.PredictorTimeout, "16")]
    [InlineData(EnvVars.PredictorTimeout, "1m")]
    [InlineData(EnvVars.CpuHigh, "1e308")]
    [InlineData(EnvVars.CpuHigh, "0")]
    [InlineData(EnvVars.MaxScaleUpStep, "0")]
    [InlineData(EnvVars.MaxScaleDownStep, "-2")]
    [InlineData(EnvVars.ScaleDownStabilization, "five minutes")]
    [InlineData(EnvVars.DryRun, "maybe")]
    [InlineData(EnvVars.Schedule, "*/2 * * *")]
    [InlineData(EnvVars.PrometheusUrl, "prometheus:9090")]
    [InlineData(EnvVars.PrometheusUrl, "ftp://prometheus")]
    [InlineData(EnvVars.ObservationWindow, "an hour")]
    [InlineData(EnvVars.ObservationWindow, "0")]
    [InlineData(EnvVars.ObservationWindow, "8d")]
    [InlineData(EnvVars.ObservationWindow, "200h")]
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
            ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { [EnvVars.MaxReplicas] = "2147483647" })));
        Assert.Equal("MAX_REPLICAS: 2147483647 is above the maximum 1000", error.Message);
        var timeout = Assert.Throws<SettingsException>(() =>
            ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { [EnvVars.PredictorTimeout] = "1m" })));
        Assert.Equal("CURL_TIMEOUT: 1m is above the maximum 15s", timeout.Message);

        var widest = ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string>
        {
            [EnvVars.MaxReplicas] = "1000", [EnvVars.PredictorTimeout] = "15s", [EnvVars.CpuHigh] = "1000",
        }));
        Assert.Equal((ReplicaMapping.MaxReplicasBound, Defaults.MaxPredictorTimeout, ReplicaMapping.MaxCpuPercent),
            (widest.Rules.Mapping.MaxReplicas, widest.PredictorTimeout, widest.Rules.Mapping.CpuHigh));
    }

    [Fact]
    public async Task The_run_exits_2_naming_the_variable_before_asking_anyone_anything()
    {
        var log = new StringWriter();
        var exitCode = await ScalerApp.RunOnceAsync(
            EnvReader.From(new Dictionary<string, string> { [EnvVars.MaxScaleUpStep] = "lots" }), log, CancellationToken.None);
        Assert.Equal(ScalerExitCodes.InvalidSettings, exitCode);
        var line = Assert.Single(ScalerHarness.ParseLines(log.ToString()));
        Assert.Equal("settings", line.GetProperty("cause").GetString());
        Assert.StartsWith("MAX_SCALE_UP_STEP: 'lots' is not a whole number", line.GetProperty("message").GetString());
    }
}
