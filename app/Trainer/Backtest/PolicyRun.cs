namespace LabA.Trainer.Backtest;

/// <summary>One policy's replay: its metrics and, at the start of each minute, its ready and existing pods.</summary>
public sealed record PolicyRun(string Name, PolicyMetrics Metrics, int[] ReadyByMinute, int[] ReplicasByMinute);
