using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Infra.Tests;

public class RetrainStackTests
{
    private const string CronJob = "kubernetes:batch/v1:CronJob";
    private const string Role = "kubernetes:rbac.authorization.k8s.io/v1:Role";

    private static object? PodOf(RegisteredResource cronJob) => cronJob.Inputs.At("spec", "jobTemplate", "spec", "template", "spec");

    [Fact]
    public async Task The_retrain_cronjob_runs_the_trainer_image_on_its_schedule_and_publishes_into_the_model_store()
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { ["namespace"] = "lab", ["retrainSchedule"] = "45 4 * * 0", ["retrainRange"] = "10d" });

        var cronJob = run.Single(CronJob, Names.Retrain);
        Assert.Equal("45 4 * * 0", cronJob.Inputs.At("spec", "schedule"));
        Assert.Equal("Forbid", cronJob.Inputs.At("spec", "concurrencyPolicy"));
        Assert.Equal(600.0, cronJob.Inputs.At("spec", "jobTemplate", "spec", "activeDeadlineSeconds"));
        var pod = PodOf(cronJob);
        var container = pod.At("containers", 0);
        Assert.Equal(RecordingImagePipeline.Built.Trainer, container.At("image"));
        Assert.Equal(["retrain", "--publish", $"lab/{Names.ModelStore}", "--range", "10d"], container.At("args").Strings());
        Assert.Equal(Names.RetrainServiceAccount, pod.At("serviceAccountName"));
        Assert.Equal(true, pod.At("automountServiceAccountToken"));
        // The very query and server the Scaler observes.
        var scalerEnv = PodOf(run.Single(CronJob, "scaler")).At("containers", 0).EnvOf();
        var env = container.EnvOf();
        Assert.Equal([ScalerCatalogue.LoadQuery.Env, ScalerCatalogue.PrometheusUrl.Env], env.Keys.Order());
        Assert.Equal(scalerEnv[ScalerCatalogue.PrometheusUrl.Env], env[ScalerCatalogue.PrometheusUrl.Env]);
        Assert.Equal(scalerEnv[ScalerCatalogue.LoadQuery.Env], env[ScalerCatalogue.LoadQuery.Env]);
        Assert.Equal("http://prometheus-server.lab.svc.cluster.local/", env[ScalerCatalogue.PrometheusUrl.Env]);
    }

    [Fact]
    public async Task Its_role_names_only_the_model_store_to_get_and_update_and_events_to_create_bound_to_its_own_account()
    {
        var run = await LabStackRun.RunAsync();

        var role = run.Single(Role, $"{Names.Retrain}-role").Inputs;
        var rules = role.At("rules").Items().ToList();
        Assert.Equal(2, rules.Count);
        var store = Assert.Single(rules, r => r.At("resources").Strings().SequenceEqual(["configmaps"]));
        Assert.Equal([""], store.At("apiGroups").Strings());
        Assert.Equal(["get", "patch"], store.At("verbs").Strings());
        Assert.Equal([Names.ModelStore], store.At("resourceNames").Strings());
        var events = Assert.Single(rules, r => r.At("resources").Strings().SequenceEqual(["events"]));
        Assert.Equal(["create"], events.At("verbs").Strings());
        Assert.Null(events.At("resourceNames"));

        var binding = run.Single("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", $"{Names.Retrain}-rolebinding").Inputs;
        Assert.Equal("Role", binding.At("roleRef", "kind"));
        Assert.Equal(role.At("metadata", "name"), binding.At("roleRef", "name"));
        Assert.Equal(Names.RetrainServiceAccount, binding.At("subjects", 0, "name"));
        Assert.Equal(Names.RetrainServiceAccount, run.Single("kubernetes:core/v1:ServiceAccount", $"{Names.Retrain}-sa").Inputs.At("metadata", "name"));
        // The object it may update is the one the stack creates and the Predictor mounts.
        var mounted = run.Single("kubernetes:apps/v1:Deployment", Names.Predictor).Inputs.At("spec", "template", "spec", "volumes").Items();
        Assert.Contains(mounted, volume => Names.ModelStore.Equals(volume.At("configMap", "name")));
        Assert.Single(run.OfType("kubernetes:core/v1:ConfigMap"), configMap => Names.ModelStore.Equals(configMap.Inputs.At("metadata", "name")));
    }

    [Theory]
    [InlineData("retrainSchedule", "off")]
    [InlineData("prometheus", "off")]
    public async Task No_retrain_objects_when_it_is_off_or_there_is_no_prometheus(string key, string value)
    {
        var run = await LabStackRun.RunAsync(new Dictionary<string, string> { [key] = value });

        Assert.Equal(["scaler"], run.OfType(CronJob).Select(cronJob => cronJob.Name));
        Assert.DoesNotContain(run.Resources, r => r.Name.StartsWith(Names.Retrain, StringComparison.Ordinal));
        Assert.DoesNotContain(run.Resources, r => r.Type == "lab-a:index:Retrainer");
        // The store stays for the Predictor, which serves its image's model until something publishes.
        run.Single("kubernetes:core/v1:ConfigMap", Names.ModelStore);
    }
}
