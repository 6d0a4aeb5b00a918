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
}
