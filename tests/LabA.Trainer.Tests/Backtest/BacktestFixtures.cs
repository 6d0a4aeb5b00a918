using LabA.Domain.Scaling;
using LabA.Forecasting.Series;
using LabA.Trainer.Backtest;

namespace LabA.Trainer.Tests.Backtest;

/// <summary>Small series and settings whose outcomes can be worked out by hand.</summary>
internal static class BacktestFixtures
{
    public static readonly DateTimeOffset Start = new(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Needs 1 + load/10 replicas: load 0 needs 1, load 40 needs 5; bounds 1..11.</summary>
    public static readonly ReplicaMapping Mapping = ReplicaMapping.Create(1, 11, 0, 100);

    public static readonly CronSchedule EveryTwoMinutes = CronSchedule.Parse("*/2 * * * *", "schedule");

    public static CapacityModel Capacity(int startupSeconds = 60) => new(EveryTwoMinutes, TimeSpan.FromSeconds(startupSeconds));

    public static ScalingRules Rules(TimeSpan? stabilization = null, int maxUp = 10, int maxDown = 10) =>
        new(Mapping, maxUp, maxDown, stabilization ?? TimeSpan.FromMinutes(5));

    /// <summary>A one-minute series: <paramref name="minutes"/>[i] minutes at load <paramref name="loads"/>[i], in turn.</summary>
    public static LoadSeries Minutes(params (int Minutes, double Load)[] runs)
    {
        var observations = new List<Observation>();
        foreach (var (minutes, load) in runs)
            for (var i = 0; i < minutes; i++) observations.Add(new Observation(Start.AddMinutes(observations.Count), load));
        return LoadSeries.Create(observations, "test");
    }

    public static CapacitySimulator Simulator(LoadSeries series, int startupSeconds = 60) =>
        new(series, series.Start, series.End + series.Step, Mapping, Capacity(startupSeconds));
}
