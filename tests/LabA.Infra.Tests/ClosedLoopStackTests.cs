using System.Text.Json;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using Pulumi;

namespace LabA.Infra.Tests;

/// <summary>The closed loop as the stack declares it: the Prometheus chart, the load source it scrapes, and the Scaler's env.</summary>
public class ClosedLoopStackTests
{
    private const string Deployment = "kubernetes:apps/v1:Deployment";
    private const string Service = "kubernetes:core/v1:Service";
    private const string NetworkPolicy = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

    private static IReadOnlyDictionary<string, string> ScalerEnv(StackRun run) => run.Single("kubernetes:batch/v1:CronJob", "scaler").Inputs
        .At("spec", "jobTemplate", "spec", "template", "spec", "containers", 0).EnvOf();

    private static ScalerSettings ScalerReadsBack(StackRun run) => ScalerSettings.FromEnvironment(EnvReader.From(ScalerEnv(run)));

    [Fact]
    public async Task By_default_the_pinned_chart_installs_the_server_alone_under_the_restricted_profile()
    {
        var chart = (await LabStackRun.RunAsync()).Single(StackRun.HelmChart, Names.Prometheus).Inputs;

        Assert.Equal("prometheus", chart.At("chart"));
        Assert.Equal("27.19.0", chart.At("version"));
        Assert.Equal("https://prometheus-community.github.io/helm-charts", chart.At("repositoryOpts", "repo"));
        Assert.Equal("default", chart.At("namespace"));
        var values = chart.At("values");
        foreach (var component in new[] { "alertmanager", "kube-state-metrics", "prometheus-node-exporter", "prometheus-pushgateway" })
            Assert.Equal(false, values.At(component, "enabled"));
        Assert.Equal(false, values.At("rbac", "create"));
        Assert.Equal(false, values.At("server", "persistentVolume", "enabled"));
        Assert.Matches("^[0-9]+d$", (string)values.At("server", "retention")!);

        var pod = values.At("server", "securityContext");
        Assert.Equal(true, pod.At("runAsNonRoot"));
        Assert.Equal(65534.0, pod.At("runAsUser"));
        Assert.NotNull(pod.At("fsGroup"));
        Assert.Equal("RuntimeDefault", pod.At("seccompProfile", "type"));
        foreach (var container in new[] { values.At("server", "containerSecurityContext"), values.At("configmapReload", "prometheus", "containerSecurityContext") })
        {
            Assert.Equal(false, container.At("allowPrivilegeEscalation"));
            Assert.Equal(true, container.At("readOnlyRootFilesystem"));
            Assert.Equal(["ALL"], container.At("capabilities", "drop").Strings());
            Assert.Null(container.At("capabilities", "add"));
        }
        Assert.NotNull(values.At("server", "resources", "limits", "memory"));
        Assert.NotNull(values.At("configmapReload", "prometheus", "resources", "limits", "memory"));
    }

    [Fact]
    public async Task Prometheus_scrapes_the_load_source_and_the_predictor_through_their_services_which_let_it_in()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { ["namespace"] = "lab" });

        var jobs = run.Single(StackRun.HelmChart, Names.Prometheus).Inputs.At("values", "serverFiles", "prometheus.yml", "scrape_configs").Items()
            .ToDictionary(job => (string)job.At("job_name")!, job => job.At("static_configs", 0, "targets").Strings());
        foreach (var name in new[] { Names.LoadSource, Names.Predictor })
        {
            var service = run.Single(Service, name).Inputs;
            var port = (double)service.At("spec", "ports", 0, "port")!;
            Assert.Equal([$"{service.At("metadata", "name")}.lab.svc.cluster.local:{port}"], jobs[name]);

            // The Service leads to the container's port, and the pods' policy lets Prometheus' pods in on it.
            var container = run.Single(Deployment, name).Inputs.At("spec", "template", "spec", "containers", 0);
            var targetPort = service.At("spec", "ports", 0, "targetPort");
            Assert.Equal(container.At("ports", 0, "containerPort"), targetPort);
            var rule = Assert.Single(run.Single(NetworkPolicy, name).Inputs.At("spec", "ingress").Items());
            Assert.Equal(targetPort, rule.At("ports", 0, "port"));
            var prometheus = Assert.Single(rule.At("from").Items(), peer => peer.At("namespaceSelector") is not null);
            Assert.Equal(Names.Prometheus, prometheus.At("podSelector", "matchLabels", Labels.Name));
        }
        // Only the lab's own targets, and Prometheus itself: no job needs Kubernetes service discovery (and so no RBAC).
        Assert.Equal(["load-source", "predictor", "prometheus"], jobs.Keys.Order());
        Assert.DoesNotContain("kubernetes_sd_configs", System.Text.Json.JsonSerializer.Serialize(jobs));
    }

    [Fact]
    public async Task The_load_source_runs_the_trainers_load_source_and_knows_nothing_of_the_replicas()
    {
        var run = await LabStackRun.RunAsync();

        var pod = run.Single(Deployment, Names.LoadSource).Inputs.At("spec", "template", "spec");
        var container = pod.At("containers", 0);
        Assert.Equal(RecordingImagePipeline.Built.Trainer, container.At("image"));
        Assert.Equal(["load-source", "--port", Defaults.LoadSourcePort.ToString(), "--target", Names.SampleApp], container.At("args").Strings());
        Assert.Equal((double)Defaults.LoadSourcePort, container.At("ports", 0, "containerPort"));
        Assert.Equal("/metrics", container.At("readinessProbe", "httpGet", "path"));
        // No API token and no replica settings: scaling cannot feed back into the demand.
        Assert.Equal(false, pod.At("automountServiceAccountToken"));
        Assert.Empty(container.EnvOf());
        Assert.Equal(1.0, run.Single(Deployment, Names.LoadSource).Inputs.At("spec", "replicas"));
    }

    [Fact]
    public async Task The_scaler_queries_the_installed_server_for_the_load_sources_gauge_by_default()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { ["namespace"] = "lab" });

        var scaler = ScalerReadsBack(run);
        Assert.Equal(new Uri("http://prometheus-server.lab.svc.cluster.local/"), scaler.PrometheusUrl);
        // The URL's Service is the one the chart names its server.
        var chart = run.Single(StackRun.HelmChart, Names.Prometheus).Inputs;
        Assert.Equal(scaler.PrometheusUrl!.Host.Split('.')[0], chart.At("values", "server", "fullnameOverride"));
        Assert.Equal("laba_synthetic_load{target=\"sample-app\"}", scaler.LoadQuery);
        Assert.Null(scaler.ObservationWindow);
        Assert.Equal(scaler.PrometheusUrl.AbsoluteUri, run.Outputs["prometheusUrl"]);
    }

    [Fact]
    public async Task An_existing_prometheus_url_the_query_and_the_window_come_from_the_stack_config_and_nothing_is_installed()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string>
        {
            ["prometheus"] = "https://prometheus.monitoring.example:9090/prom",
            ["loadQuery"] = "sum(rate(http_requests_total{job=\"checkout\"}[1m]))",
            ["observationWindow"] = "2h",
        });

        var scaler = ScalerReadsBack(run);
        Assert.Equal(new Uri("https://prometheus.monitoring.example:9090/prom"), scaler.PrometheusUrl);
        Assert.Equal("sum(rate(http_requests_total{job=\"checkout\"}[1m]))", scaler.LoadQuery);
        Assert.Equal(TimeSpan.FromHours(2), scaler.ObservationWindow);
        Assert.Empty(run.OfType(StackRun.HelmChart));
    }

    [Fact]
    public async Task An_existing_prometheus_password_is_a_secret_mounted_as_a_file_into_the_scaler_and_the_retrain_job_never_env()
    {
        var run = await LabStackRun.RunAsync(
            new Dictionary<string, string> { ["prometheus"] = "https://prometheus.monitoring.example:9090", ["prometheusAuth"] = "basic:grafana" },
            secrets: new Dictionary<string, string> { ["prometheusSecret"] = "pr0m-s3cret" });

        var secret = run.Single("kubernetes:core/v1:Secret", Names.PrometheusCredentials).Inputs;
        Assert.Equal("default", secret.At("metadata", "namespace"));
        Assert.NotNull(secret.At("stringData", "password"));
        foreach (var name in new[] { "scaler", Names.Retrain })
        {
            var pod = run.Single("kubernetes:batch/v1:CronJob", name).Inputs.At("spec", "jobTemplate", "spec", "template", "spec");
            var volume = pod.At("volumes").Items().Single(item => item.At("secret") is not null);
            Assert.Equal(Names.PrometheusCredentials, volume.At("secret", "secretName"));
            Assert.Equal(288.0, volume.At("secret", "defaultMode"));
            Assert.Equal(1654.0, pod.At("securityContext", "fsGroup"));
            var container = pod.At("containers", 0);
            var mount = container.At("volumeMounts").Items().Single(item => (string?)item.At("name") == (string?)volume.At("name"));
            Assert.Equal(true, mount.At("readOnly"));
            var env = container.EnvOf();
            Assert.Equal($"{mount.At("mountPath")}/password", env[PrometheusCatalogue.PasswordFile.Env]);
            Assert.Equal("grafana", env[PrometheusCatalogue.Username.Env]);
        }
        // The password is in no plain input and no output; only the Secret holds it, as a Pulumi secret.
        Assert.DoesNotContain(run.Resources, r => r.Type != "kubernetes:core/v1:Secret" && JsonSerializer.Serialize(r.Inputs).Contains("pr0m-s3cret", StringComparison.Ordinal));
        foreach (var value in run.Outputs.Values.Where(v => v is not Output<string>))
            Assert.DoesNotContain("pr0m-s3cret", JsonSerializer.Serialize(value));
    }

    [Fact]
    public async Task Off_is_the_open_loop_with_no_prometheus_at_all()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { ["prometheus"] = "off" });

        Assert.Equal("", ScalerEnv(run)[ScalerCatalogue.PrometheusUrl.Env]);
        Assert.False(ScalerReadsBack(run).ClosedLoop);
        Assert.Empty(run.OfType(StackRun.HelmChart));
        Assert.Equal("", run.Outputs["prometheusUrl"]);
    }

    [Theory]
    [InlineData("prometheus", "yes")]
    [InlineData("prometheus", "Install")]
    [InlineData("prometheus", "ftp://prometheus.example")]
    [InlineData("prometheus", "http://prometheus.example/?x=1")]
    [InlineData("loadQuery", "up\nup")]
    [InlineData("observationWindow", "30s")]
    public async Task A_bad_closed_loop_key_stops_the_run_before_any_resource_naming_the_key(string key, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => LabStackRun.RunAsync(new Dictionary<string, string> { [key] = value }));

        Assert.Contains($"lab-a:{key}", error.Message);
        Assert.Contains($"pulumi config set lab-a:{key}", error.Message);
    }
}
