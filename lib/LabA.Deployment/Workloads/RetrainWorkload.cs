using LabA.Deployment.Settings;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Workloads;

/// <summary>
/// The Trainer's <c>retrain</c> as a CronJob: it reads the workload's history from the Prometheus the Scaler observes,
/// with the Scaler's own query, and publishes a better model into the model store the Predictor mounts. There is none
/// with <c>lab-a:retrainSchedule off</c>, nor with <c>lab-a:prometheus off</c>: without Prometheus there is no history.
/// </summary>
public static class RetrainWorkload
{
    /// <summary>
    /// What the Scaler's env says about where the load's history is: the retrain job reads exactly that, the demo's one
    /// query or the list of workloads, each with its query and model.
    /// </summary>
    private static string[] HistoryVariables(StackSettings settings) =>
        [ScalerCatalogue.PrometheusUrl.Env, settings.WorkloadsMode ? ScalerCatalogue.WorkloadsFile.Env : ScalerCatalogue.LoadQuery.Env];

    public static RetrainPlan? Plan(StackSettings settings, string image)
    {
        if (settings.RetrainSchedule is not { } schedule || settings.PrometheusUrl is null) return null;
        var labels = LabWorkloads.LabelsOf(Names.Retrain, "learning");
        var (env, volumes) = LabWorkloads.WithPrometheusCredentials(
            settings, [.. settings.Scaler.ToEnvironment().Where(variable => HistoryVariables(settings).Contains(variable.Key))],
            [new VolumePlan("tmp", "/tmp"), .. LabWorkloads.WorkloadsVolume(settings)]);
        var container = new ContainerPlan(
            Names.Retrain,
            image,
            Env: env,
            Port: null,
            Liveness: null,
            Readiness: null,
            // Training reads two weeks of one-minute points and fits every candidate; a whole core keeps it well under a minute.
            new ComputeResources("250m", "512Mi", "1", "1Gi"),
            volumes,
            // With WORKLOADS_FILE the job retrains each model of the list and publishes it into that store's own
            // Names.ModelStoreOf(model), this name and the model's: the stores its Role names.
            Args: ["retrain", "--publish", $"{settings.Namespace}/{Names.ModelStore}", "--range", Durations.FormatWithDays(settings.RetrainRange)]);
        var cronJob = new CronJobPlan(
            Names.Retrain,
            labels,
            schedule.Text,
            // Two retrains at once would race for the one model store.
            ConcurrencyPolicy: "Forbid",
            SuccessfulJobsHistoryLimit: 3,
            FailedJobsHistoryLimit: 3,
            // A daily retrain that could not start on time is still worth running within the hour; later, the next one is near.
            StartingDeadlineSeconds: 3600,
            ActiveDeadlineSeconds: DeadlineSeconds(settings),
            BackoffLimit: 1,
            RestartPolicy: "Never",
            new PodPlan(labels, container, new PodSecurity(LabWorkloads.DotnetAppUser), Names.RetrainServiceAccount, LabWorkloads.ImagePullSecrets(settings)));
        return new RetrainPlan(Rbac(settings), cronJob);
    }

    /// <summary>The longest a retrain job may run before Kubernetes stops it: under a day, so the next one can start.</summary>
    public static readonly TimeSpan MaxDeadline = TimeSpan.FromHours(23);

    /// <summary>
    /// A model's retrain takes 10–20 s on two busy cores (bench/retrain-workloads.sh); ten minutes leave room for a slow
    /// Prometheus and a cold node and still stop a hung run, and each model of a list adds a minute, models being
    /// retrained one after another.
    /// </summary>
    public static int DeadlineSeconds(StackSettings settings) =>
        (int)Math.Min(MaxDeadline.TotalSeconds, Math.Max(600, 60 * settings.Models.Count));

    /// <summary>
    /// Read and replace the model store ConfigMaps, the demo's one or one per model of the list (no create: RBAC cannot
    /// limit create to a name, so the stack creates them), and record Events. Nothing of the Scaler's: not its targets,
    /// not its state.
    /// </summary>
    private static RbacSpec Rbac(StackSettings settings) => new(
        Names.RetrainServiceAccount,
        Role: $"{Names.Retrain}-role",
        RoleBinding: $"{Names.Retrain}-rolebinding",
        [
            new PolicyRuleSpec([""], ["configmaps"], ["get", "patch"], LabWorkloads.ModelStores(settings)),
            new PolicyRuleSpec([""], ["events"], ["create"]),
        ]);
}
