using System.Globalization;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting.Series;
using ScottPlot;
using ScottPlot.MultiplotLayouts;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace LabA.Trainer.Backtest;

/// <summary>
/// The replay as one picture of four panels: the whole replay on the left and its busiest day (see <see cref="BusiestDay"/>)
/// on the right; above, the actual load against the forecast and the provisioning margin the predictive policy added to
/// it; below, the ready pods of each policy against the pods the load needed. Minute values are drawn per bucket
/// (<see cref="MinuteBuckets"/>): the load as its mean with its min..max range, the forecast as its mean, demand and
/// ready pods as their maximum, so that a line stays a few pixels per value at <see cref="Width"/> x <see cref="Height"/>.
/// </summary>
public static class BacktestChart
{
    public const int Width = 1600;
    public const int Height = 900;

    private const int TitleHeight = 64;
    // Grid columns: the full replay takes three, the busiest day two.
    private const int Columns = 5;
    private const int FullColumns = 3;
    // One bucket per this many pixels of panel width keeps steps apart and lines smooth.
    private const int PixelsPerBucket = 3;
    private const float LeftPadding = 72;
    private const float RightPadding = 40;
    private const double LegendHeadroom = 1.35;

    // ScottPlot's "sans" is the system default typeface, a serif on some Linux images; name common sans faces first.
    private static readonly string FontName = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" }
        .FirstOrDefault(name => Fonts.GetTypeface(name, bold: false, italic: false)?.FamilyName == name) ?? Fonts.Sans;

    private static readonly Color LoadRange = Colors.Gray.WithAlpha(0.25);
    private static readonly Color LoadMean = Colors.DimGray;
    private static readonly Color ForecastLine = Colors.DarkOrange;
    private static readonly Color PlainForecastLine = Colors.SaddleBrown;
    private static readonly Color MarginBand = Colors.Orange.WithAlpha(0.3);
    private static readonly Color DemandFill = Colors.Gray.WithAlpha(0.3);
    private static readonly Color ZoomedDay = Colors.Gold.WithAlpha(0.12);

    /// <param name="path">The PNG to write.</param>
    /// <param name="result">The replay.</param>
    /// <param name="subtitle">Which series and window were replayed, in words.</param>
    /// <param name="scale">How the series became CPU%, for the load axis.</param>
    /// <param name="quantile">The PROVISION_QUANTILE the predictive policy provisioned at.</param>
    /// <param name="margin">What that quantile added to every forecast, in the series' unit (already inside <see cref="ReplayResult.Forecast"/>).</param>
    public static void Write(string path, ReplayResult result, string subtitle, LoadScale scale, ProvisioningQuantile quantile, double margin)
    {
        var day = BusiestDay.Of(result);
        var marginPercent = scale.ToPercent(margin);
        var whole = new Range(0, result.Minutes.Count);
        var zoom = new Range(day.FirstMinute, day.MinuteCount);

        var multiplot = new Multiplot();
        var grid = new CustomGrid();
        multiplot.Layout = grid;
        var fullWidth = Width * FullColumns / Columns;
        var panels = new[]
        {
            (Range: whole, Column: 0, Span: FullColumns, Buckets: Buckets(result, whole, fullWidth), Full: true),
            (Range: zoom, Column: FullColumns, Span: Columns - FullColumns, Buckets: Buckets(result, zoom, Width - fullWidth), Full: false),
        };
        // Both rows keep one scale across the whole replay and the day. The axes go higher than the data, with ticks only
        // up to it, to leave the legends a band of their own.
        var loadTop = Math.Max(100, Math.Max(result.Load.Max(), result.Forecast.Max()));
        var replicaTop = (double)result.Options.Rules.Mapping.MaxReplicas;
        var zoomed = day.MinuteCount < result.Minutes.Count;
        foreach (var panel in panels)
        {
            var loadPlot = multiplot.AddPlot();
            var replicaPlot = multiplot.AddPlot();
            grid.Set(loadPlot, new GridCell(0, panel.Column, 2, Columns, 1, panel.Span));
            grid.Set(replicaPlot, new GridCell(1, panel.Column, 2, Columns, 1, panel.Span));
            Style(loadPlot, scale.AxisLabel ?? (scale.IsIdentity ? "CPU (%)" : "load (% of max before the replay)"), showTimeLabels: false);
            Style(replicaPlot, "pods", showTimeLabels: true);

            DrawLoad(loadPlot, result, panel.Buckets, quantile, marginPercent);
            DrawReplicas(replicaPlot, result, panel.Buckets);
            ValueAxis(loadPlot, loadTop);
            ValueAxis(replicaPlot, replicaTop);
            foreach (var plot in new[] { loadPlot, replicaPlot })
            {
                plot.Axes.SetLimitsX(X(result, panel.Range.First), X(result, panel.Range.First + panel.Range.Count));
                if (panel.Full && zoomed)
                    plot.MoveToBack(plot.Add.HorizontalSpan(X(result, day.FirstMinute), X(result, day.FirstMinute + day.MinuteCount), ZoomedDay));
            }

            var bucket = Durations.Format(TimeSpan.FromMinutes(panel.Buckets.Width));
            if (panel.Full)
            {
                loadPlot.Title($"Whole replay: load and what predictive provisioned for, mean per {bucket}{(zoomed ? " (gold: the day on the right)" : "")}", 13);
                replicaPlot.Title($"Whole replay: ready pods by policy, max per {bucket}", 13);
                loadPlot.ShowLegend(Alignment.UpperLeft, Orientation.Horizontal);
                replicaPlot.ShowLegend(Alignment.UpperLeft, Orientation.Horizontal);
            }
            else
            {
                var predictiveShort = UnderProvisionedMinutes(result, PolicyReplay.Predictive, day);
                loadPlot.Title(zoomed
                    ? $"Busiest day {day.Date:yyyy-MM-dd} UTC (most reactive shortfalls), per {bucket}"
                    : $"The replay's only day, {day.Date:yyyy-MM-dd} UTC, per {bucket}", 13);
                replicaPlot.Title($"That day short of pods: reactive {day.ReactiveUnderProvisionedMinutes} min, predictive {predictiveShort} min of {day.MinuteCount}", 13);
                // Same colours as the whole replay's legends, which have the room.
                loadPlot.HideLegend();
                replicaPlot.HideLegend();
            }
        }

        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        // The layout fills the rectangle from its origin, so the panels go below the title by moving the origin.
        canvas.Save();
        canvas.Translate(0, TitleHeight);
        multiplot.Render(canvas, new PixelRect(0, Width, Height - TitleHeight, 0));
        canvas.Restore();
        DrawTitle(canvas, "LabA backtest: predictive vs reactive (HPA) vs oracle", subtitle);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, png.SaveTo);
    }

    private readonly record struct Range(int First, int Count);

    private static MinuteBuckets Buckets(ReplayResult result, Range range, int panelWidth) =>
        MinuteBuckets.Choose(result.From, range.First, range.Count, (int)((panelWidth - LeftPadding - RightPadding) / PixelsPerBucket));

    private static void DrawLoad(Plot plot, ReplayResult result, MinuteBuckets buckets, ProvisioningQuantile quantile, double marginPercent)
    {
        var centres = Times(result, buckets.Centres());
        var band = plot.Add.FillY(centres, buckets.Min([.. result.Load]), buckets.Max([.. result.Load]));
        band.FillColor = LoadRange;
        band.LineWidth = 0;
        band.LegendText = "actual, min..max";
        Line(plot, centres, buckets.Mean([.. result.Load]), "actual, mean", LoadMean, 1.5f);

        var provisioned = buckets.Mean([.. result.Forecast]);
        if (quantile.IsOff)
        {
            Line(plot, centres, provisioned, $"forecast {Durations.Format(result.Options.Lead)} ahead ({RecommendationCatalogue.ProvisionQuantile.Env}=off)", ForecastLine, 2);
        }
        else
        {
            var forecast = provisioned.Select(p => p - marginPercent).ToArray();
            var margin = plot.Add.FillY(centres, forecast, provisioned);
            margin.FillColor = MarginBand;
            margin.LineWidth = 0;
            margin.LegendText = string.Create(CultureInfo.InvariantCulture, $"margin (p{quantile.Level * 100:0.#}, {marginPercent:+0.#})");
            var line = Line(plot, centres, forecast, $"forecast {Durations.Format(result.Options.Lead)} ahead", PlainForecastLine, 1.2f);
            line.LinePattern = LinePattern.Dashed;
            Line(plot, centres, provisioned, "forecast + margin: predictive provisions for it", ForecastLine, 2);
        }
    }

    private static void DrawReplicas(Plot plot, ReplayResult result, MinuteBuckets buckets)
    {
        var edges = Times(result, [.. buckets.Edges.Select(e => (double)e)]);
        var (demandX, demandY) = Steps(edges, buckets.Max([.. result.Demand.Select(d => (double)d)]));
        var demand = plot.Add.FillY(demandX, new double[demandX.Length], demandY);
        demand.FillColor = DemandFill;
        demand.LineWidth = 0;
        demand.LegendText = "pods the load needed";

        foreach (var (policy, color, width, dashed) in new[]
        {
            (PolicyReplay.StaticMax, Colors.Purple.WithAlpha(0.6), 1f, true),
            (PolicyReplay.StaticMean, Colors.Brown.WithAlpha(0.6), 1f, true),
            (PolicyReplay.Oracle, Colors.Green, 1.5f, false),
            (PolicyReplay.Reactive, Colors.Red, 1.5f, false),
            (PolicyReplay.Predictive, Colors.Blue, 2.5f, false),
        })
        {
            var (x, y) = Steps(edges, buckets.Max([.. result.Policy(policy).ReadyByMinute.Select(r => (double)r)]));
            var line = Line(plot, x, y, policy, color, width);
            if (dashed) line.LinePattern = LinePattern.Dashed;
        }
    }

    private static void ValueAxis(Plot plot, double dataTop)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(dataTop / 10)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => dataTop / s <= 10);
        var ticks = new NumericManual();
        for (var i = 0; i * step < dataTop + step; i++)
            ticks.AddMajor(i * step, (i * step).ToString("0.##", CultureInfo.InvariantCulture));
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsY(0, dataTop * LegendHeadroom);
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] x, double[] y, string label, Color color, float width)
    {
        var line = plot.Add.ScatterLine(x, y, color);
        line.LegendText = label;
        line.LineWidth = width;
        return line;
    }

    /// <summary>Each bucket's value held flat from its start to its end, as a polyline that can also be filled.</summary>
    private static (double[] X, double[] Y) Steps(double[] edges, double[] values)
    {
        var x = new double[values.Length * 2];
        var y = new double[values.Length * 2];
        for (var b = 0; b < values.Length; b++)
        {
            (x[2 * b], x[2 * b + 1]) = (edges[b], edges[b + 1]);
            (y[2 * b], y[2 * b + 1]) = (values[b], values[b]);
        }
        return (x, y);
    }

    private static int UnderProvisionedMinutes(ReplayResult result, string policy, BusiestDay day)
    {
        var ready = result.Policy(policy).ReadyByMinute;
        return Enumerable.Range(day.FirstMinute, day.MinuteCount).Count(m => ready[m] < result.Demand[m]);
    }

    private static double X(ReplayResult result, double minute) => result.From.AddMinutes(minute).UtcDateTime.ToOADate();

    private static double[] Times(ReplayResult result, double[] minutes) => [.. minutes.Select(m => X(result, m))];

    private static void Style(Plot plot, string valueLabel, bool showTimeLabels)
    {
        plot.Axes.Left.Label.Text = valueLabel;
        plot.Font.Set(FontName);
        var axis = plot.Axes.DateTimeTicksBottom();
        // Midnight ticks name the day, the others the time of day: readable both for hours and for weeks.
        axis.TickGenerator = new DateTimeAutomatic
        {
            LabelFormatter = t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("ddd MM-dd", CultureInfo.InvariantCulture) : t.ToString("HH:mm", CultureInfo.InvariantCulture),
        };
        axis.TickLabelStyle.IsVisible = showTimeLabels;
        if (showTimeLabels) axis.LabelText = "time (UTC)";
        plot.Legend.FontSize = 11;
        plot.Layout.Fixed(new PixelPadding(LeftPadding, RightPadding, showTimeLabels ? 48 : 8, 26));
    }

    private static void DrawTitle(SKCanvas canvas, string title, string subtitle)
    {
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var bold = new SKFont(Fonts.GetTypeface(FontName, bold: true, italic: false), 20);
        using var regular = new SKFont(Fonts.GetTypeface(FontName, bold: false, italic: false), 14);
        canvas.DrawText(title, Width / 2f, 26, SKTextAlign.Center, bold, paint);
        canvas.DrawText(subtitle, Width / 2f, 50, SKTextAlign.Center, regular, paint);
    }
}
