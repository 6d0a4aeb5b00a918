namespace LabA.Trainer.Backtest;

/// <summary>
/// One closed-loop run of a policy with a margin calibration, as the calibration counts it: the forecast peak for the
/// window [<see cref="First"/>, <see cref="Last"/>], the margin added to it, and what was provisioned. The replay adds
/// the window's observed peak on the scraped grid, so that the errors a margin must cover can be read run by run.
/// </summary>
public sealed record ProvisionedWindow(DateTimeOffset DecidedAt, DateTimeOffset First, DateTimeOffset Last, double PeakForecast, double Margin, double Provisioned)
{
    /// <summary>The highest load on the scraped grid over the window; null when the window ends after the replay.</summary>
    public double? ObservedPeak { get; init; }

    /// <summary>Whether what was provisioned covered the observed peak; null before the window is observed.</summary>
    public bool? Covered => ObservedPeak is { } peak ? peak <= Provisioned : null;
}
