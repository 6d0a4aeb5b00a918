namespace LabA.Trainer.Backtest;

/// <summary>One policy's replay: its metrics and, at the start of each minute, its ready and existing pods.</summary>
public sealed record PolicyRun(string Name, PolicyMetrics Metrics, int[] ReadyByMinute, int[] ReplicasByMinute)
{
    /// <summary>A closed loop's margin calibration after the replay (its coverage, its margin); null for other policies.</summary>
    public Domain.Scaling.MarginCalibration? Calibration { get; init; }

    /// <summary>A closed loop with a margin calibration: each run's window, with its observed peak; empty for other policies.</summary>
    public IReadOnlyList<ProvisionedWindow> Provisioned { get; init; } = [];
}
