using LabA.Deployment.Cluster;
using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Domain.Settings;

namespace LabA.Deployment.Tests;

public class ExistingClusterSettingsTests
{
    private static StackSettings Bind(params (string Key, string Value)[] values) => StackSettingsTests.Bind(values);

    [Fact]
    public void An_existing_cluster_takes_its_context_registry_login_and_pull_secret_from_the_stack()
    {
        var settings = Bind(("cluster", "existing"), ("registry", "Registry.Example.com:5443/team/lab"), ("kubeContext", "staging"),
            ("kubeconfig", "apiVersion: v1"), ("registryUsername", "ci"), ("registryPassword", "s3cret"), ("imagePullSecret", "regcred"));

        Assert.Equal(ClusterMode.Existing, settings.Mode);
        var existing = Assert.IsType<ExistingClusterSettings>(settings.Existing);
        Assert.Equal(new RegistryReference("registry.example.com:5443", "team/lab"), existing.Registry);
        Assert.Equal("staging", existing.KubeContext);
        Assert.Equal("staging", settings.KubeContext);
        Assert.True(existing.KubeconfigSet);
        Assert.Equal("ci", existing.RegistryUsername);
        Assert.Equal("regcred", existing.ImagePullSecret);
        Assert.DoesNotContain("s3cret", settings.ToString());
    }

    [Fact]
    public void Without_a_context_the_kubeconfigs_current_one_is_used_and_the_watch_commands_name_none()
    {
        var settings = Bind(("cluster", "existing"), ("registry", "127.0.0.1:5000"), ("namespace", "lab"));

        Assert.Null(settings.KubeContext);
        Assert.False(settings.Existing!.KubeconfigSet);
        Assert.Null(settings.Existing.RegistryUsername);
        Assert.Contains("kubectl --namespace lab get deployment sample-app -w", WatchCommands.For(settings).Values);
        Assert.DoesNotContain(WatchCommands.For(settings).Values, command => command.Contains("--context", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("registryUsername", "ci", "lab-a:registryPassword")]
    [InlineData("registryPassword", "s3cret", "lab-a:registryUsername")]
    [InlineData("registry", "https://registry.example.com", "lab-a:registry")]
    [InlineData("registry", "team/lab-a", "lab-a:registry")]
    [InlineData("registry", "registry.example.com/Team", "lab-a:registry")]
    [InlineData("registry", "registry.example.com/team:v1", "lab-a:registry")]
    [InlineData("registry", "127.0.0.1:99999", "lab-a:registry")]
    [InlineData("imagePullSecret", "Reg_Cred", "lab-a:imagePullSecret")]
    [InlineData("kubeContext", "my context", "lab-a:kubeContext")]
    public void A_bad_existing_cluster_value_fails_naming_its_key(string key, string value, string expectedKey)
    {
        var values = new Dictionary<string, string> { ["cluster"] = "existing", ["registry"] = "127.0.0.1:5000", [key] = value };

        var error = Assert.Throws<SettingsException>(() => Bind(values.Select(v => (v.Key, v.Value)).ToArray()));

        Assert.Equal(expectedKey, error.Key);
        Assert.StartsWith(expectedKey + ": ", error.Message);
        if (key == "registryPassword") Assert.DoesNotContain(value, error.Message);
    }

    [Fact]
    public void The_kind_provider_drops_what_an_unreachable_cluster_took_with_it_and_an_existing_ones_does_not()
    {
        var kind = KubernetesProviderSettings.For(Bind());
        Assert.Equal(new KubernetesProviderSettings(Context: null, UsesStackKubeconfig: true, DeleteUnreachable: true), kind);

        var existing = KubernetesProviderSettings.For(Bind(("cluster", "existing"), ("registry", "127.0.0.1:5000"), ("kubeContext", "staging")));
        Assert.Equal(new KubernetesProviderSettings("staging", UsesStackKubeconfig: false, DeleteUnreachable: false), existing);
        Assert.True(KubernetesProviderSettings.For(Bind(("cluster", "existing"), ("registry", "127.0.0.1:5000"), ("kubeconfig", "x"))).UsesStackKubeconfig);
    }
}
