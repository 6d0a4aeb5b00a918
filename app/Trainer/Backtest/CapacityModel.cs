using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Trainer.Backtest;

/// <summary>
/// How the simulated cluster behaves, as the real one does: LabA decides on the CronJob's schedule, a new pod serves
/// only after its start-up delay, and a removed pod stops serving at once.
/// </summary>
public sealed record CapacityModel(CronSchedule Schedule, TimeSpan StartupDelay)
{
    public static CapacityModel Default { get; } = new(
        ScalerCatalogue.Schedule.Default,
        Defaults.BacktestPodStartupDelay);
}
