using System.Globalization;
using System.Text;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>The replay minute by minute: load, forecast, demand, and each policy's ready and existing pods.</summary>
public static class BacktestCsv
{
    public static void Write(string path, ReplayResult result)
    {
        var text = new StringBuilder();
        // Per-replica capacity keeps the load in its own unit (requests/s, queue depth): the columns say no percent then.
        text.Append(result.Options.Rules.Mapping.PerReplica is null
            ? "timestamp,load_percent,forecast_plus_margin_percent,demand_replicas"
            : "timestamp,load,forecast_plus_margin,demand_replicas");
        foreach (var policy in result.Policies) text.Append($",{policy.Name}_ready,{policy.Name}_replicas");
        text.Append('\n');
        for (var minute = 0; minute < result.Minutes.Count; minute++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{result.Minutes[minute]:yyyy-MM-ddTHH:mm:ssZ},{result.Load[minute]:0.###},{result.Forecast[minute]:0.###},{result.Demand[minute]}");
            foreach (var policy in result.Policies)
                text.Append(CultureInfo.InvariantCulture, $",{policy.ReadyByMinute[minute]},{policy.ReplicasByMinute[minute]}");
            text.Append('\n');
        }
        AtomicFile.WriteText(path, text.ToString());
    }

    /// <summary>
    /// Every closed-loop run with a margin calibration, one line each: the window it provisioned for, its forecast peak
    /// (the predictive row's includes the training margin, so its margin reads 0), the margin, what it provisioned, the
    /// window's observed peak on the scraped grid and whether it was covered. The margin a quantile needed in hindsight is
    /// that quantile of observed_peak - forecast_peak. Returns false, writing nothing, when no run had a calibration.
    /// </summary>
    public static bool WriteCalibration(string path, ReplayResult result)
    {
        var runs = result.Policies.Where(policy => policy.Provisioned.Count > 0).ToList();
        if (runs.Count == 0) return false;
        var text = new StringBuilder("policy,decided_at,window_first,window_last,forecast_peak,margin,provisioned,observed_peak,covered\n");
        foreach (var run in runs)
            foreach (var window in run.Provisioned)
                text.Append(CultureInfo.InvariantCulture,
                    $"{run.Name},{window.DecidedAt:yyyy-MM-ddTHH:mm:ssZ},{window.First:yyyy-MM-ddTHH:mm:ssZ},{window.Last:yyyy-MM-ddTHH:mm:ssZ},"
                    + $"{window.PeakForecast:0.####},{window.Margin:0.####},{window.Provisioned:0.####},{window.ObservedPeak:0.####},"
                    + $"{(window.Covered is { } covered ? covered ? "true" : "false" : "")}\n");
        AtomicFile.WriteText(path, text.ToString());
        return true;
    }
}
