using System.Globalization;
using LabA.Forecasting.Model;
using Spectre.Console;

namespace LabA.Trainer;

/// <summary>The model and the baselines side by side, as train and evaluate print them.</summary>
public static class Report
{
    public static void Write(ForecastMetrics metrics, string title)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("forecaster", "MAE", "RMSE", "R²", "what it is");
        table.AddRow(Row("model", metrics.Model, "this model"));
        foreach (var baseline in metrics.Baselines)
            table.AddRow(Row(baseline.Name, new ErrorMetrics(baseline.Mae, baseline.Rmse, baseline.R2), baseline.Description));
        if (metrics.Irreducible is { } irreducible)
            table.AddRow(Row("irreducible", irreducible, "the generator's noise-free curve: noise and bursts no forecaster can predict"));
        AnsiConsole.Write(table);

        var beaten = metrics.Baselines.Where(baseline => metrics.Model.Mae < baseline.Mae).Select(baseline => baseline.Name).ToArray();
        var notBeaten = metrics.Baselines.Where(baseline => metrics.Model.Mae >= baseline.Mae).Select(baseline => baseline.Name).ToArray();
        Console.WriteLine(notBeaten.Length == 0
            ? $"The model beats every baseline on MAE ({string.Join(", ", beaten)})."
            : $"The model does NOT beat {string.Join(", ", notBeaten)} on MAE.");
        if (metrics.Irreducible is { } floor)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Model MAE is {metrics.Model.Mae / floor.Mae - 1:+0.0%;-0.0%;0.0%} relative to the irreducible MAE."));
        foreach (var check in metrics.Coverage ?? [])
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Provisioning at quantile {check.Quantile:0.0#} (forecast {check.Margin:+0.###;-0.###}): {check.Share:0.0%} of these actuals were covered (honest if near {check.Quantile:0%})."));
    }

    private static string[] Row(string name, ErrorMetrics metrics, string description) =>
        [name, Number(metrics.Mae), Number(metrics.Rmse), Number(metrics.R2), Markup.Escape(description)];

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.###", CultureInfo.InvariantCulture);
}
