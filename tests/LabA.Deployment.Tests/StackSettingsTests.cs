using System.Text.RegularExpressions;
using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Tests;

public class StackSettingsTests
{
    /// <summary>Binds as the program does: secret keys are only asked whether they are set.</summary>
    internal static StackSettings Bind(params (string Key, string Value)[] values)
    {
        var config = values.ToDictionary(v => v.Key, v => v.Value);
        // Secret keys are never read as plain values; only whether they are set reaches the settings.
        return StackSettings.Bind(
            key => StackKeys.Secrets.Contains(key) ? throw new InvalidOperationException($"{key} read as plain config") : config.GetValueOrDefault(key),
            config.ContainsKey);
    }

    [Fact]
    public void Unset_keys_take_the_shared_defaults()
    {
        var settings = Bind();

        Assert.Equal(Defaults.ClusterName, settings.ClusterName);
        Assert.Equal(Defaults.Namespace, settings.Namespace);
        Assert.Equal(RecommendationCatalogue.MinReplicas.Default, settings.Mapping.MinReplicas);
        Assert.Equal(RecommendationCatalogue.MaxReplicas.Default, settings.Mapping.MaxReplicas);
        Assert.Equal(RecommendationCatalogue.CpuLow.Default, settings.Mapping.CpuLow);
        Assert.Equal(RecommendationCatalogue.CpuHigh.Default, settings.Mapping.CpuHigh);
        Assert.Equal(ScalerCatalogue.Schedule.Default.Text, settings.Schedule.Text);
        Assert.Equal(ScalerCatalogue.ScaleDownStabilization.Default, settings.ScaleDownStabilization);
        Assert.Equal(Defaults.SampleAppImage, settings.SampleAppImage);
        Assert.Equal(Defaults.RetrainSchedule, settings.RetrainSchedule!.Text);
        Assert.Equal(TimeSpan.FromDays(14), settings.RetrainRange);
        Assert.Equal(ClusterMode.Kind, settings.Mode);
        Assert.Null(settings.Existing);
    }

    [Fact]
    public void The_dev_stack_file_holds_every_key_with_its_default()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "Pulumi.dev.yaml"));
        var values = lines
            .Select(line => Regex.Match(line, @"^\s+lab-a:(?<key>\w+):\s*(?<value>.+?)\s*$"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value.Trim('"'));

        var missing = StackKeys.All.Where(key => !values.ContainsKey(key)).Select(key => $"lab-a:{key}: \"{StackSettings.DefaultValues[key]}\"").ToList();
        Assert.True(missing.Count == 0, $"Pulumi.dev.yaml lacks keys that have a default; add under config: {string.Join(", ", missing)}");
        Assert.Equal(StackKeys.All.Order(), values.Keys.Order());
        foreach (var key in StackKeys.All) Assert.Equal(StackSettings.DefaultValues[key], values[key]);
        // And the file's values bind to exactly the defaults.
        Assert.Equal(StackSettings.Default.Scaler.ToEnvironment(), StackSettings.Bind(values.GetValueOrDefault).Scaler.ToEnvironment());
        // The keys without a default are there too, as comments showing how to set them.
        foreach (var key in StackKeys.ExistingCluster.Concat(StackKeys.PrometheusCredentials))
            Assert.Contains(lines, line => Regex.IsMatch(line, $@"^\s*#.*pulumi config set {(StackKeys.Secrets.Contains(key) ? "--secret " : "")}lab-a:{key} "));
        // The demo is the default: the workloads are a comment, set by path as structured config, never a value of the file.
        Assert.DoesNotContain(StackKeys.Workloads, values.Keys);
        Assert.Contains(lines, line => Regex.IsMatch(line, $@"^\s*#.*pulumi config set --path 'lab-a:{StackKeys.Workloads}\[0\]\.name' "));
    }

    public static TheoryData<string> DeclaredKeys() => new(StackKeys.Declared.Select(setting => setting.StackKey!));

    [Theory]
    [MemberData(nameof(DeclaredKeys))]
    public void A_declared_settings_key_is_read_by_its_declaration_naming_the_key(string key)
    {
        var error = Assert.Throws<SettingsException>(() => Bind((key, "not one\u0001")));
        Assert.Equal($"lab-a:{key}", error.Key);
    }

    [Theory]
    [MemberData(nameof(DeclaredKeys))]
    public void A_declared_settings_default_is_the_stacks_and_reaches_the_pods_env(string key)
    {
        var setting = StackKeys.Declared.Single(declared => declared.StackKey == key);
        if (setting.DefaultText is not { } text)
        {
            Assert.DoesNotContain(key, StackSettings.DefaultValues.Keys);
            return;
        }
        Assert.Equal(text, StackSettings.DefaultValues[key]);
        var plan = LabWorkloads.Plan(StackSettings.Default, new LabImageReferences("p", "s", "t"));
        var env = ScalerCatalogue.All.Contains(setting) ? plan.Scaler.Pod.Container.Env : plan.Predictor.Pod.Container.Env;
        Assert.Contains(KeyValuePair.Create(setting.Env, text), env);
    }

    [Fact]
    public void Set_keys_override_the_defaults()
    {
        var settings = Bind(
            ("clusterName", "demo"), ("namespace", "lab"), ("minReplicas", "2"), ("maxReplicas", "6"),
            ("cpuLow", "30"), ("cpuHigh", "70.5"), ("schedule", "*/5 * * * *"), ("scaleDownStabilization", "90s"),
            ("sampleAppImage", "nginx:1.27-alpine"));

        Assert.Equal("demo", settings.ClusterName);
        Assert.Equal("demo-control-plane", settings.ControlPlaneContainer);
        Assert.Equal("kind-demo", settings.KubeContext);
        Assert.Equal("lab", settings.Namespace);
        Assert.Equal((2, 6, 30.0, 70.5), (settings.Mapping.MinReplicas, settings.Mapping.MaxReplicas, settings.Mapping.CpuLow, settings.Mapping.CpuHigh));
        Assert.Equal("*/5 * * * *", settings.Schedule.Text);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.ScaleDownStabilization);
        Assert.Equal("nginx:1.27-alpine", settings.SampleAppImage);
        Assert.Equal(new Uri("http://predictor.lab.svc.cluster.local/predict"), settings.PredictorUrl);
    }

    [Theory]
    [InlineData("minReplicas", "5", "maxReplicas", "4", "lab-a:minReplicas")]
    [InlineData("cpuLow", "80", "cpuHigh", "80", "lab-a:cpuLow")]
    [InlineData("cpuLow", "90", "cpuHigh", "50", "lab-a:cpuLow")]
    [InlineData("minReplicas", "-1", "maxReplicas", "4", "lab-a:minReplicas")]
    [InlineData("maxReplicas", "0", "minReplicas", "0", "lab-a:maxReplicas")]
    [InlineData("minReplicas", "two", "maxReplicas", "4", "lab-a:minReplicas")]
    [InlineData("cpuHigh", "high", "cpuLow", "20", "lab-a:cpuHigh")]
    [InlineData("schedule", "every two minutes", "clusterName", "lab-a", "lab-a:schedule")]
    [InlineData("schedule", "*/2 * * *", "clusterName", "lab-a", "lab-a:schedule")]
    [InlineData("schedule", "61 * * * *", "clusterName", "lab-a", "lab-a:schedule")]
    [InlineData("scaleDownStabilization", "five minutes", "clusterName", "lab-a", "lab-a:scaleDownStabilization")]
    [InlineData("scaleDownStabilization", "-5", "clusterName", "lab-a", "lab-a:scaleDownStabilization")]
    [InlineData("clusterName", "Lab_A", "namespace", "default", "lab-a:clusterName")]
    [InlineData("namespace", "my namespace", "clusterName", "lab-a", "lab-a:namespace")]
    [InlineData("provisionQuantile", "0.3", "clusterName", "lab-a", "lab-a:provisionQuantile")]
    [InlineData("provisionQuantile", "high", "clusterName", "lab-a", "lab-a:provisionQuantile")]
    [InlineData("namespace", "-lab", "clusterName", "lab-a", "lab-a:namespace")]
    [InlineData("sampleAppImage", "nginx alpine", "clusterName", "lab-a", "lab-a:sampleAppImage")]
    [InlineData("cluster", "minikube", "clusterName", "lab-a", "lab-a:cluster")]
    [InlineData("registry", "127.0.0.1:5000", "cluster", "kind", "lab-a:registry")]
    [InlineData("kubeContext", "prod", "cluster", "kind", "lab-a:kubeContext")]
    [InlineData("kubeconfig", "apiVersion: v1", "clusterName", "lab-a", "lab-a:kubeconfig")]
    [InlineData("imagePullSecret", "regcred", "clusterName", "lab-a", "lab-a:imagePullSecret")]
    [InlineData("cluster", "existing", "namespace", "lab", "lab-a:registry")]
    [InlineData("retrainSchedule", "daily", "clusterName", "lab-a", "lab-a:retrainSchedule")]
    [InlineData("retrainSchedule", "17 3 * *", "clusterName", "lab-a", "lab-a:retrainSchedule")]
    [InlineData("retrainSchedule", "17 25 * * *", "clusterName", "lab-a", "lab-a:retrainSchedule")]
    [InlineData("retrainSchedule", "Off", "clusterName", "lab-a", "lab-a:retrainSchedule")]
    [InlineData("retrainRange", "two weeks", "clusterName", "lab-a", "lab-a:retrainRange")]
    [InlineData("retrainRange", "0d", "clusterName", "lab-a", "lab-a:retrainRange")]
    [InlineData("retrainRange", "-14d", "clusterName", "lab-a", "lab-a:retrainRange")]
    [InlineData("retrainRange", "1d", "clusterName", "lab-a", "lab-a:retrainRange")]
    [InlineData("retrainRange", "20d", "prometheus", "install", "lab-a:retrainRange")]
    public void A_bad_value_fails_naming_its_key(string key, string value, string otherKey, string otherValue, string expectedKey)
    {
        var error = Assert.Throws<SettingsException>(() => Bind((key, value), (otherKey, otherValue)));

        Assert.Equal(expectedKey, error.Key);
        Assert.StartsWith(expectedKey + ": ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_cluster_name_too_long_for_its_node_container_is_refused()
    {
        var error = Assert.Throws<SettingsException>(() => Bind(("clusterName", new string('a', 50))));
        Assert.Equal("lab-a:clusterName", error.Key);
        Assert.Equal(new string('a', 49), Bind(("clusterName", new string('a', 49))).ClusterName);
    }

    [Fact]
    public void The_observation_window_takes_days_up_to_seven_and_a_schedule_that_never_fires_is_refused_naming_its_key()
    {
        Assert.Equal(TimeSpan.FromDays(7), Bind(("observationWindow", "7d")).ObservationWindow);
        Assert.Equal("7d", Bind(("observationWindow", "7d")).Scaler.ToEnvironment().Single(variable => variable.Key == ScalerCatalogue.ObservationWindow.Env).Value);
        Assert.Equal("lab-a:observationWindow", Assert.Throws<SettingsException>(() => Bind(("observationWindow", "8d"))).Key);
        Assert.Equal("lab-a:schedule", Assert.Throws<SettingsException>(() => Bind(("schedule", "0 0 30 2 *"))).Key);
        Assert.Equal("lab-a:retrainSchedule", Assert.Throws<SettingsException>(() => Bind(("retrainSchedule", "0 0 30 2 *"))).Key);
    }
}
