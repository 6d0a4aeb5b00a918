using LabA.Deployment.Images;
using LabA.Deployment.Monitoring;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting.Promotion;

namespace LabA.Deployment.Tests;

public class RetrainWorkloadTests
{
    private static readonly LabImageReferences Images = new("lab-a/predictor:0123456789ab", "lab-a/scaler:ba9876543210", "lab-a/trainer:5a5a5a5a5a5a");

    private static WorkloadPlan Plan(params (string Key, string Value)[] values) =>
        LabWorkloads.Plan(StackSettingsTests.Bind(values), Images);

    private static IReadOnlyDictionary<string, string> EnvOf(ContainerPlan container) => container.Env.ToDictionary(v => v.Key, v => v.Value);

    [Theory]
    [InlineData(1, 600)]
    [InlineData(10, 600)]
    [InlineData(30, 1800)]
    [InlineData(1000, 60000)]
    public void The_retrain_deadline_grows_by_a_minute_a_model_beyond_ten(int models, int seconds)
    {
        var list = "[" + string.Join(",", Enumerable.Range(0, models).Select(i => $$"""{"name": "w{{i}}", "query": "q", "maxReplicas": 3}""")) + "]";
        var plan = Plan(("namespace", "lab"), ("prometheus", "http://prometheus.monitoring:9090"), ("workloads", list));
        Assert.Equal(seconds, plan.Retrain!.CronJob.ActiveDeadlineSeconds);
        Assert.True(TimeSpan.FromSeconds(seconds) <= RetrainWorkload.MaxDeadline);
    }

    [Fact]
    public void By_default_the_trainer_image_retrains_daily_on_fourteen_days_and_publishes_into_the_model_store()
    {
        var plan = Plan(("namespace", "lab"));
        var cronJob = plan.Retrain!.CronJob;
        var container = cronJob.Pod.Container;

        Assert.Equal(Defaults.RetrainSchedule, cronJob.Schedule);
        Assert.Equal(Images.Trainer, container.Image);
        Assert.Equal(["retrain", "--publish", $"lab/{Names.ModelStore}", "--range", "14d"], container.Args);
        // The store it publishes into is the ConfigMap the stack creates and the Predictor mounts.
        Assert.Equal(Names.ModelStore, plan.Predictor.Config!.Name);
        Assert.Equal(Names.ModelStore, Assert.Single(plan.Predictor.Pod.Container.Volumes, v => v.ConfigMap is not null).ConfigMap);
        Assert.True(Durations.TryParseWithDays(container.Args![4], out var range));
        Assert.Equal(TimeSpan.FromDays(14), range);
    }

    [Fact]
    public void The_job_reads_the_history_where_the_scaler_observes_it_with_the_scalers_own_query()
    {
        var plan = Plan(("prometheus", "https://prometheus.monitoring.example:9090/prom"), ("loadQuery", "sum(rate(http_requests_total[1m]))"));
        var env = EnvOf(plan.Retrain!.CronJob.Pod.Container);

        var scaler = ScalerSettings.FromEnvironment(EnvReader.From(EnvOf(plan.Scaler.Pod.Container)));
        Assert.Equal([ScalerCatalogue.LoadQuery.Env, ScalerCatalogue.PrometheusUrl.Env], env.Keys.Order());
        Assert.Equal(scaler.PrometheusUrl!.AbsoluteUri, env[ScalerCatalogue.PrometheusUrl.Env]);
        Assert.Equal(scaler.LoadQuery, env[ScalerCatalogue.LoadQuery.Env]);
        Assert.Equal("https://prometheus.monitoring.example:9090/prom", env[ScalerCatalogue.PrometheusUrl.Env]);
        Assert.Equal("sum(rate(http_requests_total[1m]))", env[ScalerCatalogue.LoadQuery.Env]);
    }

    [Fact]
    public void The_installed_server_is_queried_by_default_for_the_load_sources_gauge()
    {
        var env = EnvOf(Plan(("namespace", "lab")).Retrain!.CronJob.Pod.Container);

        Assert.Equal("http://prometheus-server.lab.svc.cluster.local/", env[ScalerCatalogue.PrometheusUrl.Env]);
        Assert.Equal(Names.LoadSourceQuery(Names.SampleApp), env[ScalerCatalogue.LoadQuery.Env]);
    }

    [Fact]
    public void Its_own_service_account_may_only_read_and_replace_the_model_store_and_record_events()
    {
        var plan = Plan();
        var retrain = plan.Retrain!;

        Assert.Equal(Names.RetrainServiceAccount, retrain.CronJob.Pod.ServiceAccount);
        Assert.Equal(retrain.Rbac.ServiceAccount, retrain.CronJob.Pod.ServiceAccount);
        Assert.NotEqual(plan.ScalerRbac.ServiceAccount, retrain.Rbac.ServiceAccount);
        Assert.NotEqual(plan.ScalerRbac.Role, retrain.Rbac.Role);
        Assert.True(retrain.CronJob.Pod.AutomountServiceAccountToken);
        Assert.Equal(2, retrain.Rbac.Rules.Count);
        var store = Assert.Single(retrain.Rbac.Rules, r => r.Resources.SequenceEqual(["configmaps"]));
        Assert.Equal([""], store.ApiGroups);
        Assert.Equal(["get", "patch"], store.Verbs);
        Assert.Equal([Names.ModelStore], store.ResourceNames);
        var events = Assert.Single(retrain.Rbac.Rules, r => r.Resources.SequenceEqual(["events"]));
        Assert.Equal([""], events.ApiGroups);
        Assert.Equal(["create"], events.Verbs);
        Assert.Null(events.ResourceNames);
    }

    [Fact]
    public void It_runs_one_at_a_time_restricted_and_bounded_by_a_deadline_a_retrain_fits_in()
    {
        var plan = Plan();
        var cronJob = plan.Retrain!.CronJob;

        Assert.Equal("Forbid", cronJob.ConcurrencyPolicy);
        Assert.InRange(cronJob.SuccessfulJobsHistoryLimit, 1, 10);
        Assert.InRange(cronJob.FailedJobsHistoryLimit, 1, 10);
        Assert.InRange(cronJob.BackoffLimit, 0, 3);
        Assert.Equal("Never", cronJob.RestartPolicy);
        // A retrain takes under 30 s of job time; the deadline leaves it twenty times that, and still ends a hung run.
        Assert.InRange(cronJob.ActiveDeadlineSeconds, 300, 3600);
        Assert.Equal(LabWorkloads.DotnetAppUser, cronJob.Pod.Security.RunAsUser);
        Assert.Contains(cronJob.Pod, plan.Pods);
        Assert.Equal(Names.Project, cronJob.Labels[Labels.PartOf]);
    }

    [Theory]
    [InlineData("30 2 * * 1", "21d", "30 2 * * 1", "21d")]
    [InlineData("0 */6 * * *", "7d12h", "0 */6 * * *", "7d12h")]
    [InlineData("17 3 * * *", "240h", "17 3 * * *", "10d")]
    public void Schedule_and_range_come_from_the_stack_config(string schedule, string range, string expectedSchedule, string expectedRange)
    {
        var cronJob = Plan(("retrainSchedule", schedule), ("retrainRange", range), ("prometheus", "http://prometheus.monitoring:9090")).Retrain!.CronJob;

        Assert.Equal(expectedSchedule, cronJob.Schedule);
        Assert.Equal(expectedRange, cronJob.Pod.Container.Args![4]);
    }

    [Fact]
    public void Off_means_no_retrain_job()
    {
        var plan = Plan(("retrainSchedule", "off"));

        Assert.Null(plan.Retrain);
        Assert.Equal([plan.Scaler], plan.CronJobs);
    }

    [Fact]
    public void Without_prometheus_there_is_no_history_and_so_no_retrain_job()
    {
        var plan = Plan(("prometheus", "off"), ("retrainSchedule", "0 4 * * *"));

        Assert.Null(plan.Retrain);
        // The model store stays: the image's model serves, and a retrain run by hand may still publish into it.
        Assert.Equal(Names.ModelStore, plan.Predictor.Config!.Name);
    }

    [Fact]
    public void The_stacks_minimum_range_is_what_a_retrain_with_the_default_hold_out_needs()
    {
        Assert.Equal(HistoryRequirement.Minimum(Defaults.RetrainHoldout), Defaults.RetrainMinimumHistory);

        Assert.Equal(TimeSpan.FromDays(5), StackSettingsTests.Bind(("retrainRange", "5d")).RetrainRange);
        var error = Assert.Throws<SettingsException>(() => StackSettingsTests.Bind(("retrainRange", "4d23h")));
        Assert.Equal("lab-a:retrainRange", error.Key);
        Assert.Contains("5d", error.Message);
    }

    [Fact]
    public void The_default_range_fits_in_what_the_installed_server_keeps_and_a_longer_one_is_refused_only_there()
    {
        Assert.True(StackSettings.Default.RetrainRange <= PrometheusChart.RetentionPeriod);

        var error = Assert.Throws<SettingsException>(() => StackSettingsTests.Bind(("retrainRange", "16d")));
        Assert.Equal("lab-a:retrainRange", error.Key);
        Assert.Contains(PrometheusChart.Retention, error.Message);
        // An existing Prometheus keeps what its owner decided; the job reads what is there.
        Assert.Equal(TimeSpan.FromDays(30), StackSettingsTests.Bind(("retrainRange", "30d"), ("prometheus", "http://prometheus.monitoring:9090")).RetrainRange);
    }
}
