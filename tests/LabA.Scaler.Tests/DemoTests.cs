using System.Web;
using Spectre.Console;

namespace LabA.Scaler.Tests;

public class DemoTests
{
    private static IAnsiConsole Console(StringWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Out = new AnsiConsoleOutput(output),
    });

    [Fact]
    public async Task Demo_prints_one_row_per_step_with_the_predictors_numbers()
    {
        await using var predictor = await PredictorStandIn.StartAsync();
        predictor.Reply = n => PredictorReply.Forecast(20 + n * 10.25, n + 1);
        var output = new StringWriter();
        var exitCode = await Demo.RunAsync(predictor.Url, 360, TimeSpan.FromSeconds(5), Console(output), TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Equal(["0:0", "6:0", "12:0", "18:0"], predictor.Queries.Select(q =>
        {
            var query = HttpUtility.ParseQueryString(q);
            return $"{query["hour"]}:{query["minute"]}";
        }));
        var rows = output.ToString().Split('\n').Where(l => l.Contains(":00")).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Contains("18:00", rows[3]);
        Assert.Contains("50.8%", rows[3]);
        Assert.Contains("████", rows[3]);
        Assert.DoesNotContain("█████", rows[3]);
    }

    [Fact]
    public async Task Demo_reports_a_predictor_error_in_one_line()
    {
        await using var predictor = await PredictorStandIn.StartAsync();
        predictor.Reply = _ => new PredictorReply(422, """{"title": "no model loaded"}""");
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exitCode = await Demo.RunAsync(predictor.Url, 60, TimeSpan.FromSeconds(5), Console(output), errors, CancellationToken.None);
        Assert.Equal(Domain.Wiring.ScalerExitCodes.FailedUnchanged, exitCode);
        var line = Assert.Single(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: predictor at ", line);
        Assert.Contains("answered 422", line);
        Assert.Equal("", output.ToString());
    }
}
