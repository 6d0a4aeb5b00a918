using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Tests;

/// <summary>Credentials for an existing Prometheus: a Pulumi secret that reaches the jobs only as a mounted file, never as env or in a URL.</summary>
public class PrometheusAuthTests
{
    private const string Existing = "https://prometheus.example.com:9090";
    private static readonly LabImageReferences Images = new("lab-a/predictor:0123456789ab", "lab-a/scaler:ba9876543210", "lab-a/trainer:5a5a5a5a5a5a");

    private static StackSettings Bind(params (string Key, string Value)[] values) => StackSettingsTests.Bind(values);

    [Fact]
    public void Credentials_in_the_prometheus_url_are_refused_without_being_echoed()
    {
        var error = Assert.Throws<SettingsException>(() => Bind((StackKeys.Prometheus, "http://admin:hunter2@prometheus.monitoring:9090")));
        Assert.StartsWith("lab-a:prometheus:", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Contains("http://***@prometheus.monitoring:9090", error.Message);
        Assert.Contains("lab-a:prometheusAuth", error.Message);
    }

    [Theory]
    [InlineData("basic:grafana", PrometheusAuthKind.Basic, "grafana", "password", "PROMETHEUS_PASSWORD_FILE")]
    [InlineData("bearer", PrometheusAuthKind.Bearer, null, "token", "PROMETHEUS_BEARER_TOKEN_FILE")]
    public void Basic_auth_or_a_bearer_token_reaches_the_scaler_and_the_retrain_job_as_a_mounted_secret_file(
        string auth, PrometheusAuthKind kind, string? username, string key, string fileVariable)
    {
        var settings = Bind((StackKeys.Prometheus, Existing), (StackKeys.PrometheusAuth, auth), (StackKeys.PrometheusSecret, "set"));
        Assert.Equal(new PrometheusAuth(kind, username), settings.PrometheusAuth);
        var plan = LabWorkloads.Plan(settings, Images);

        var secret = plan.PrometheusCredentials!;
        Assert.Equal(Names.PrometheusCredentials, secret.Name);
        Assert.Equal(key, secret.Key);
        Assert.Equal(StackKeys.PrometheusSecret, secret.StackKey);
        foreach (var job in plan.CronJobs)
        {
            var container = job.Pod.Container;
            var volume = Assert.Single(container.Volumes, volume => volume.Secret is not null);
            Assert.Equal(secret.Name, volume.Secret);
            var env = container.Env.ToDictionary();
            Assert.Equal($"{volume.MountPath}/{key}", env[fileVariable]);
            Assert.Equal(username, env.GetValueOrDefault(PrometheusCatalogue.Username.Env));
            Assert.Equal(Existing + "/", env[ScalerCatalogue.PrometheusUrl.Env]);
        }
        Assert.Equal(2, plan.CronJobs.Count());
        // Nothing else mounts it.
        Assert.All(plan.Services, service => Assert.DoesNotContain(service.Pod.Container.Volumes, volume => volume.Secret is not null));
    }

    [Fact]
    public void Without_auth_there_is_no_secret_and_nothing_mounts_one()
    {
        var plan = LabWorkloads.Plan(Bind((StackKeys.Prometheus, Existing)), Images);
        Assert.Null(plan.PrometheusCredentials);
        Assert.All(plan.Pods, pod => Assert.DoesNotContain(pod.Container.Volumes, volume => volume.Secret is not null));
        Assert.All(plan.Pods, pod => Assert.DoesNotContain(pod.Container.Env, variable => variable.Key.StartsWith("PROMETHEUS_") && variable.Key != ScalerCatalogue.PrometheusUrl.Env));
    }

    [Theory]
    [InlineData(StackKeys.PrometheusAuth, "basic:grafana", "install", false, "lab-a:prometheusAuth:")]
    [InlineData(StackKeys.PrometheusAuth, "basic:grafana", Existing, false, "lab-a:prometheusSecret:")]
    [InlineData(StackKeys.PrometheusAuth, "digest", Existing, true, "lab-a:prometheusAuth:")]
    [InlineData(StackKeys.PrometheusAuth, "basic:", Existing, true, "lab-a:prometheusAuth:")]
    [InlineData(StackKeys.PrometheusAuth, "basic:a b", Existing, true, "lab-a:prometheusAuth:")]
    [InlineData("observationWindow", "1h", Existing, true, "lab-a:prometheusSecret:")]
    public void Auth_settings_that_cannot_work_are_refused_naming_the_key(string key, string value, string prometheus, bool secret, string named)
    {
        (string, string)[] values = secret
            ? [(StackKeys.Prometheus, prometheus), (key, value), (StackKeys.PrometheusSecret, "set")]
            : [(StackKeys.Prometheus, prometheus), (key, value)];
        var error = Assert.Throws<SettingsException>(() => Bind(values));
        Assert.StartsWith(named, error.Message);
    }
}
