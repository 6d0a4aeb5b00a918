using System.Text;
using System.Text.Json;
using LabA.Deployment.Images;
using Pulumi;

namespace LabA.Infra.Tests;

public class ExistingClusterStackTests
{
    private const string Deployment = "kubernetes:apps/v1:Deployment";
    private const string CronJob = "kubernetes:batch/v1:CronJob";
    private const string KubernetesProvider = "pulumi:providers:kubernetes";
    private const string StackKubeconfig = "apiVersion: v1\nkind: Config\ncurrent-context: staging\n";

    private static readonly Dictionary<string, string> Existing = new()
    {
        ["cluster"] = "existing",
        ["registry"] = "registry.example.com/team",
        ["kubeContext"] = "staging",
        ["registryUsername"] = "ci",
        ["imagePullSecret"] = "regcred",
    };

    private static readonly Dictionary<string, string> Secrets = new() { ["kubeconfig"] = StackKubeconfig, ["registryPassword"] = "s3cret-password" };

    private static readonly RegistryReference Registry = new("registry.example.com", "team");

    [Fact]
    public async Task No_kind_resources_and_every_kubernetes_resource_uses_the_provider_for_the_given_kubeconfig_and_context()
    {
        var run = await LabStackRun.RunAsync(Existing, secrets: Secrets);

        Assert.Empty(run.OfType("command:local:Command"));
        Assert.Empty(run.Images.LoadedInto);
        var provider = run.Single(KubernetesProvider, "cluster-provider").Inputs;
        Assert.Equal(StackKubeconfig, provider.At("kubeconfig"));
        Assert.Equal("staging", provider.At("context"));
        // A cluster that is only unreachable for a moment must not make the stack forget what runs on it.
        // (Provider configuration travels as strings.)
        Assert.Equal("false", provider.At("deleteUnreachable"));
        var kubernetesResources = run.KubernetesObjects.ToList();
        Assert.NotEmpty(kubernetesResources);
        Assert.All(kubernetesResources, r => Assert.Contains($"{KubernetesProvider}::cluster-provider::cluster-provider-id", r.Provider ?? "(default provider)"));
    }

    [Fact]
    public async Task Without_a_kubeconfig_or_context_the_provider_takes_kubectls_current_context()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { ["cluster"] = "existing", ["registry"] = "127.0.0.1:5000" });

        var provider = run.Single(KubernetesProvider, "cluster-provider").Inputs;
        Assert.Null(provider.At("kubeconfig"));
        Assert.Null(provider.At("context"));
        var watch = Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(run.Outputs["watch"]);
        Assert.Contains("kubectl --namespace default get deployment sample-app -w", watch.Values);
        Assert.Null(run.Single(Deployment, "predictor").Inputs.At("spec", "template", "spec", "imagePullSecrets"));
    }

    [Fact]
    public async Task The_images_are_pushed_with_the_stack_login_and_the_workloads_pull_them_with_the_pull_secret()
    {
        var run = await LabStackRun.RunAsync(Existing, secrets: Secrets);

        var (registry, credentials) = Assert.Single(run.Images.PushedTo);
        Assert.Equal(Registry, registry);
        Assert.Equal(new RegistryCredentials("ci", "s3cret-password"), credentials);
        var predictorPod = run.Single(Deployment, "predictor").Inputs.At("spec", "template", "spec");
        var scalerPod = run.Single(CronJob, "scaler").Inputs.At("spec", "jobTemplate", "spec", "template", "spec");
        Assert.Equal("registry.example.com/team/" + RecordingImagePipeline.Built.Predictor, predictorPod.At("containers", 0, "image"));
        Assert.Equal("registry.example.com/team/" + RecordingImagePipeline.Built.Scaler, scalerPod.At("containers", 0, "image"));
        foreach (var pod in new[] { predictorPod, scalerPod })
            Assert.Equal("regcred", pod.At("imagePullSecrets", 0, "name"));
        // sample-app's image is a public one, not LabA's.
        Assert.Null(run.Single(Deployment, "sample-app").Inputs.At("spec", "template", "spec", "imagePullSecrets"));
    }

    [Fact]
    public async Task Without_a_stack_login_the_push_uses_the_docker_configs_auths_entry()
    {
        var dockerConfig = Path.Combine(Path.GetTempPath(), $"laba-docker-config-{Guid.NewGuid():N}.json");
        File.WriteAllText(dockerConfig, JsonSerializer.Serialize(new
        {
            auths = new Dictionary<string, object> { ["registry.example.com"] = new { auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:from-docker-login")) } },
        }));
        try
        {
            var config = new Dictionary<string, string>(Existing);
            config.Remove("registryUsername");

            var run = await LabStackRun.RunAsync(config, dockerConfig: dockerConfig);

            Assert.Equal(new RegistryCredentials("robot", "from-docker-login"), Assert.Single(run.Images.PushedTo).Credentials);
        }
        finally
        {
            File.Delete(dockerConfig);
        }
    }

    [Fact]
    public async Task Outputs_are_those_of_kind_plus_the_registry_and_hold_no_password()
    {
        var kind = await LabStackRun.RunAsync();
        var run = await LabStackRun.RunAsync(Existing, secrets: Secrets);

        Assert.Equal(kind.Outputs.Keys.Append("registry").Order(), run.Outputs.Keys.Order());
        Assert.Equal("registry.example.com/team", run.Outputs["registry"]);
        Assert.Equal("staging", await ((Output<string>)run.Outputs["clusterName"]!).ValueAsync());
        Assert.Equal("staging", run.Outputs["kubeContext"]);
        Assert.Equal("registry.example.com/team/" + RecordingImagePipeline.Built.Predictor, run.Outputs["predictorImage"]);
        Assert.Equal(StackKubeconfig, await ((Output<string>)run.Outputs["kubeconfig"]!).ValueAsync());
        foreach (var value in run.Outputs.Values.Where(v => v is not Output<string>))
            Assert.DoesNotContain("s3cret-password", JsonSerializer.Serialize(value));
        Assert.DoesNotContain(run.Resources, r => JsonSerializer.Serialize(r.Inputs).Contains("s3cret-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_preview_pushes_nothing_and_shows_the_registry_references()
    {
        var run = await LabStackRun.RunAsync(Existing, preview: true, secrets: Secrets);

        Assert.Empty(run.Images.PushedTo);
        Assert.Equal(RecordingImagePipeline.Planned.In(Registry).Predictor, run.Outputs["predictorImage"]);
    }

    [Theory]
    [InlineData("registry", null, "lab-a:registry", "pulumi config set lab-a:registry")]
    [InlineData("registry", "https://registry.example.com", "lab-a:registry", "pulumi config set lab-a:registry")]
    [InlineData("registryUsername", "ci", "lab-a:registryPassword", "pulumi config set --secret lab-a:registryPassword")]
    [InlineData("cluster", "kind", "lab-a:registry", "pulumi config rm lab-a:registry")]
    public async Task Invalid_existing_cluster_config_stops_the_run_naming_the_key_and_the_fix(string key, string? value, string expectedKey, string fix)
    {
        var config = new Dictionary<string, string> { ["cluster"] = "existing", ["registry"] = "127.0.0.1:5000" };
        if (value is null) config.Remove(key);
        else config[key] = value;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => LabStackRun.RunAsync(config));

        Assert.Contains(expectedKey + ": ", error.Message);
        Assert.Contains(fix, error.Message);
        Assert.DoesNotContain("   at ", error.Message);
    }

    [Fact]
    public async Task A_login_kept_by_a_credential_helper_fails_the_update_saying_what_to_set_instead()
    {
        var dockerConfig = Path.Combine(Path.GetTempPath(), $"laba-docker-config-{Guid.NewGuid():N}.json");
        File.WriteAllText(dockerConfig, """{"credHelpers":{"registry.example.com":"ecr-login"}}""");
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() =>
                LabStackRun.RunAsync(new Dictionary<string, string> { ["cluster"] = "existing", ["registry"] = "registry.example.com/team" }, dockerConfig: dockerConfig));

            Assert.Contains("docker-credential-ecr-login", error.Message);
            Assert.Contains("lab-a:registryUsername", error.Message);
            Assert.DoesNotContain("   at ", error.Message);
        }
        finally
        {
            File.Delete(dockerConfig);
        }
    }
}
