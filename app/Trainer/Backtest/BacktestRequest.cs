using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;

namespace LabA.Trainer.Backtest;

/// <summary>What to replay and how the simulated cluster and HPA behave.</summary>
public sealed record BacktestRequest
{
    public required string ModelDirectory { get; init; }
    public required SeriesSource Data { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public required string OutputDirectory { get; init; }
    public string LoadUnit { get; init; } = LoadScale.Auto;
    /// <summary>The predictive policy provisions for forecast + the model's margin at this quantile, as the Predictor does.</summary>
    public ProvisioningQuantile ProvisionQuantile { get; init; } = RecommendationCatalogue.ProvisionQuantile.Default;
    public CapacityModel Capacity { get; init; } = CapacityModel.Default;
    public ScalingRules Rules { get; init; } = ScalingRules.Default;
    public HpaSettings Hpa { get; init; } = HpaSettings.Default;
    /// <summary>How old the newest load the closed-loop Scaler sees is (Prometheus' scrape interval for the load source).</summary>
    public TimeSpan ObservationLag { get; init; } = Defaults.ScrapeInterval;
    /// <summary>Also replay the closed loop with this share of scrapes missed (seeded); null, the default, for none.</summary>
    public (double Rate, int Seed)? MissingScrapes { get; init; }
    /// <summary>Also replay the learning loop (the predictive-retrained row); null, the default, for none: it trains a model per retrain.</summary>
    public RetrainingOptions? Retraining { get; init; }

    /// <summary>A request with the Scaler's rules and schedule and the Predictor's provisioning quantile read from the environment, as they read them.</summary>
    public static BacktestRequest FromScalerEnvironment(string modelDirectory, string dataPath, string outputDirectory) =>
        FromScalerEnvironment(modelDirectory, SeriesSource.File(dataPath), outputDirectory);

    public static BacktestRequest FromScalerEnvironment(string modelDirectory, SeriesSource data, string outputDirectory)
    {
        var env = EnvReader.FromProcess();
        var scaler = ScalerSettings.FromEnvironment(env);
        return new BacktestRequest
        {
            ModelDirectory = modelDirectory,
            Data = data,
            OutputDirectory = outputDirectory,
            Rules = scaler.Rules,
            ProvisionQuantile = RecommendationCatalogue.ProvisionQuantile.Read(env),
            Capacity = CapacityModel.Default with { Schedule = scaler.Schedule },
        };
    }
}
