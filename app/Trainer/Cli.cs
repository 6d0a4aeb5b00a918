using System.CommandLine;
using LabA.Domain.Settings;
using LabA.Forecasting;
using LabA.Forecasting.Series;
using LabA.Prometheus;

namespace LabA.Trainer;

/// <summary>How every Trainer command meets the user: bad input is one line on stderr and exit code 2, never a stack trace.</summary>
public static class Cli
{
    public const int Ok = 0;
    public const int BadInput = 2;
    public const int Failed = 1;

    public static int Run(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
            return BadInput;
        }
        return parse.Invoke();
    }

    /// <summary>Runs a command body, turning the errors users cause into a one-line message and exit code 2.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is SeriesFormatException or SettingsException or ModelLoadException or ForecastInputException or PrometheusException
                                      or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message.Split('\n', 2)[0]}");
            return Failed;
        }
    }

    /// <summary>A duration option's text ("5m", "30m", "1h", seconds) as a TimeSpan; the error names the option.</summary>
    public static TimeSpan Duration(string option, string text) =>
        Durations.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new SettingsException(option, $"'{text}' is not a positive duration (write e.g. 5m, 30m, 1h)");
}
