using k8s;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;
using LabA.KubernetesApi;
using LabA.Scaler.Decisions;
using LabA.Scaler.Forecasts;

namespace LabA.Scaler;

/// <summary>The default command: read the settings, connect, make one decision. Exit codes: <see cref="ScalerExitCodes"/>.</summary>
internal static class ScalerApp
{
    public static async Task<int> RunOnceAsync(EnvReader environment, TextWriter log, CancellationToken cancellationToken)
    {
        ScalerSettings settings;
        try
        {
            settings = ScalerSettings.FromEnvironment(environment);
        }
        catch (SettingsException e)
        {
            RunLog.Error(log, TimeProvider.System.GetUtcNow(), "settings", e.Message);
            return ScalerExitCodes.InvalidSettings;
        }

        IReadOnlyList<Workload>? workloads = null;
        try
        {
            if (settings.WorkloadsFile is { } file)
            {
                workloads = WorkloadList.ReadFile(file, settings.TargetNamespace);
                if (!settings.ClosedLoop)
                    throw new SettingsException(ScalerCatalogue.PrometheusUrl.Env, $"required with {ScalerCatalogue.WorkloadsFile.Env}: each workload's demand is read with its query");
            }
        }
        catch (SettingsException e)
        {
            RunLog.Error(log, TimeProvider.System.GetUtcNow(), "settings", e.Message);
            return ScalerExitCodes.InvalidSettings;
        }

        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesConnection.Configuration();
        }
        catch (KubernetesConnectionException e)
        {
            RunLog.Error(log, TimeProvider.System.GetUtcNow(), "kubernetes", e.Message);
            return ScalerExitCodes.FailedUnchanged;
        }
        var deadline = new RunDeadline(Defaults.ScalerRunBudget);
        using var kubernetes = new Kubernetes(config);
        if (workloads is not null)
            return await new WorkloadsRun(settings, workloads, kubernetes, TimeProvider.System, log, deadline).ExecuteAsync(cancellationToken);
        using var predictor = new PredictorClient(settings.PredictorUrl, settings.PredictorTimeout, remaining: () => deadline.RemainingForForecast);
        using var source = new RecommendationSource(settings, predictor, deadline);
        return await ScaleRun.SingleTarget(settings, kubernetes, source, TimeProvider.System, log, deadline).ExecuteAsync(cancellationToken);
    }
}
