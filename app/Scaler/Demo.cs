using System.Globalization;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Scaler.Forecasts;
using Spectre.Console;

namespace LabA.Scaler;

/// <summary>The demo: a day of forecasts from the predictor, one row per step, with a replica bar.</summary>
internal static class Demo
{
    public const int MinutesPerDay = 24 * 60;

    public static async Task<int> RunAsync(
        Uri predictorUrl, int stepMinutes, TimeSpan timeout, IAnsiConsole console, TextWriter errors, CancellationToken cancellationToken)
    {
        using var predictor = new PredictorClient(predictorUrl, timeout);
        var table = new Table()
            .Title($"Forecast for one day from {UrlRedaction.Redact(predictorUrl)}")
            .AddColumn("Hour")
            .AddColumn(new TableColumn("Predicted CPU").RightAligned())
            .AddColumn(new TableColumn("Replicas").RightAligned())
            .AddColumn("");
        try
        {
            for (var minuteOfDay = 0; minuteOfDay < MinutesPerDay; minuteOfDay += stepMinutes)
            {
                var (hour, minute) = (minuteOfDay / 60, minuteOfDay % 60);
                var forecast = await predictor.ForecastAtTimeOfDayAsync(hour, minute, cancellationToken);
                table.AddRow(
                    $"{hour:00}:{minute:00}",
                    forecast.PredictedCpu.ToString("0.0", CultureInfo.InvariantCulture) + "%",
                    forecast.RecommendedReplicas.ToString(CultureInfo.InvariantCulture),
                    $"[green]{new string('█', forecast.RecommendedReplicas)}[/]");
            }
        }
        catch (PredictorException e)
        {
            // Plain text on stderr: one line whatever the terminal's width, and nothing on stdout but the table.
            errors.WriteLine($"error: {e.Message}");
            return ScalerExitCodes.FailedUnchanged;
        }
        console.Write(table);
        return 0;
    }
}
