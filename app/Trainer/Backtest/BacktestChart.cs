using LabA.Domain.Backtest;
using LabA.Domain.Series;
using ScottPlot;

namespace LabA.Trainer.Backtest;

/// <summary>
/// The replay as a picture: actual load and the model's forecast plus the provisioning margin (CPU%, left axis) against the demand and the ready
/// pods of the predictive, reactive and oracle policies (replicas, right axis).
/// </summary>
public static class BacktestChart
{
    public const int Width = 1600;
    public const int Height = 900;

    public static void Write(string path, BacktestResult result, string subtitle)
    {
        var plot = new Plot();
        var times = result.Minutes.Select(m => m.UtcDateTime.ToOADate()).ToArray();

        // Drawn back to front: the noisy series behind, the policy curves on top, predictive last.
        Line(plot, times, [.. result.Load], "actual load (%)", Colors.LightGray, 1, right: false);
        Line(plot, times, [.. result.Demand.Select(d => (double)d)], "demand (replicas)", Colors.Gray.WithAlpha(0.5), 1, right: true);
        Line(plot, times, Ready(result, BacktestRunner.Oracle), "oracle ready", Colors.Green, 1.5f, right: true);
        Line(plot, times, Ready(result, BacktestRunner.Reactive), "reactive (HPA) ready", Colors.Red, 1.5f, right: true);
        Line(plot, times, Ready(result, BacktestRunner.Predictive), "predictive ready", Colors.Blue, 2.5f, right: true);
        Line(plot, times, [.. result.Forecast], "forecast + margin (%)", Colors.DarkOrange, 1.5f, right: false);

        plot.Axes.DateTimeTicksBottom();
        plot.Axes.Left.Label.Text = "load (%: CPU, or share of the series maximum)";
        plot.Axes.Right.Label.Text = "replicas";
        plot.Axes.SetLimitsY(0, Math.Max(100, result.Load.Max() * 1.05), plot.Axes.Left);
        var maxReplicas = result.Options.Rules.Mapping.MaxReplicas;
        plot.Axes.SetLimitsY(0, maxReplicas + 1, plot.Axes.Right);
        plot.Title($"LabA backtest: predictive vs reactive vs oracle\n{subtitle}");
        plot.ShowLegend(Alignment.UpperLeft);

        var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        AtomicFile.Write(path, stream => stream.Write(png));
    }

    private static double[] Ready(BacktestResult result, string policy) =>
        [.. result.Policy(policy).ReadyByMinute.Select(r => (double)r)];

    private static void Line(Plot plot, double[] times, double[] values, string label, Color color, float width, bool right)
    {
        var line = plot.Add.ScatterLine(times, values, color);
        line.LegendText = label;
        line.LineWidth = width;
        if (right)
        {
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.Axes.YAxis = plot.Axes.Right;
        }
    }
}
