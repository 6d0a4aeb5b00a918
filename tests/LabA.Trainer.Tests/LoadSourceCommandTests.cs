using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using LabA.Forecasting.Synthetic;

namespace LabA.Trainer.Tests;

[Trait("Category", "Process")]
public class LoadSourceCommandTests
{
    [Fact]
    public async Task The_gauge_is_the_generated_value_of_the_current_minute_and_SIGTERM_stops_it()
    {
        var port = TestProcess.FreePort();
        using var process = Process.Start(TestProcess.StartInfo("dotnet",
            [TrainerProcess.Assembly, "load-source", "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", "5", "--target", "web"]))!;
        try
        {
            using var http = new HttpClient();
            string? body = null;
            for (var attempt = 0; attempt < 100 && body is null; attempt++)
            {
                try { body = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics"); }
                catch (HttpRequestException) { await Task.Delay(100); }
            }
            var scrapedAt = DateTimeOffset.UtcNow;
            Assert.NotNull(body);
            var match = Regex.Match(body, @"^laba_synthetic_load\{target=""web""\} (\S+)$", RegexOptions.Multiline);
            Assert.True(match.Success, body);
            var served = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);

            // The same knobs give the same value at the minute of the scrape (or the one before, at a minute's edge).
            var clock = new SyntheticLoadClock(new SyntheticLoadOptions { Seed = 5 });
            var candidates = new[] { clock.At(scrapedAt)!.Value.Value, clock.At(scrapedAt.AddSeconds(-2))!.Value.Value };
            Assert.Contains(served, candidates);
        }
        finally
        {
            if (!process.HasExited) TestProcess.Terminate(process.Id);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), "load-source did not stop on SIGTERM");
        }
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("load-source: stopped", await process.StandardOutput.ReadToEndAsync());
    }

    [Fact]
    public void A_taken_port_is_one_line_naming_the_option()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var run = TrainerProcess.Run(TrainerProcess.NewWorkingDirectory(), "load-source", "--port", port.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: --port: {port} cannot be listened on", run.Error.Trim());
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Generate_takes_the_surge_knobs_and_says_so()
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        var run = TrainerProcess.Run(directory, "generate", "--days", "2", "--noise-std", "0", "--spike-probability", "0",
            "--surge-at", "2025-01-06T12:00:00Z", "--surge-hours", "6", "--surge", "30", "--out", "surge.csv");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("surge=+30 from 2025-01-06T12:00:00Z for 6h", run.Output);
        var rows = File.ReadLines(Path.Combine(directory, "surge.csv")).Skip(1).Select(line => line.Split(',')).ToArray();
        double At(string time) => double.Parse(rows.Single(row => row[0] == time)[1], CultureInfo.InvariantCulture);
        var plain = new SyntheticLoadOptions { NoiseStd = 0, SpikeProbability = 0 };
        Assert.Equal(Math.Min(100, SyntheticLoad.NoiseFree(DateTimeOffset.Parse("2025-01-06T13:00:00Z", CultureInfo.InvariantCulture), plain) + 30), At("2025-01-06T13:00:00Z"), 2);
        Assert.Equal(SyntheticLoad.NoiseFree(DateTimeOffset.Parse("2025-01-06T19:00:00Z", CultureInfo.InvariantCulture), plain), At("2025-01-06T19:00:00Z"), 2);
    }
}
