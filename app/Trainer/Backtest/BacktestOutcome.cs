using LabA.Domain.Settings;
using LabA.Forecasting.Model;

namespace LabA.Trainer.Backtest;

/// <summary>What one <see cref="BacktestJob"/> produced: the <see cref="ReplayResult"/>, what it replayed, and where its files went.</summary>
public sealed record BacktestOutcome(
    ReplayResult Result,
    ModelCard Model,
    string DataPath,
    /// <summary>Why the window is data the model never saw, in words.</summary>
    string WindowNote,
    LoadScale Scale,
    ProvisioningQuantile ProvisionQuantile,
    /// <summary>What the predictive policy added to every forecast, in the series' unit (0 when the quantile is off).</summary>
    double ProvisioningMargin,
    string CsvPath,
    string ChartPath,
    /// <summary>How the retraining replay ran, and each of its retrains; null without one.</summary>
    RetrainingOptions? Retraining = null,
    IReadOnlyList<RetrainDay>? RetrainDays = null)
{
    /// <summary>The missed scrapes the predictive-missing row replayed, and what its runs did; null without that row.</summary>
    public MissedScrapes? Missed { get; init; }

    /// <summary>The closed loop's runs with their margin and observed peak (<see cref="BacktestCsv.WriteCalibration"/>); null when none had a calibration.</summary>
    public string? CalibrationCsvPath { get; init; }
}
