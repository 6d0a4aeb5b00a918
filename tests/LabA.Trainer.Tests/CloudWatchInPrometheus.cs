using System.Globalization;

namespace LabA.Trainer.Tests;

/// <summary>
/// A real Prometheus holding a real CloudWatch export (its two gaps included), moved by one minute onto the 5-minute
/// grid the range query evaluates at, and the same series as a CSV file.
/// </summary>
public sealed class CloudWatchInPrometheus : IDisposable
{
    public IReadOnlyList<(DateTimeOffset Timestamp, double Value)> Samples { get; }
    public PrometheusServer Server { get; }
    public string Directory { get; } = TrainerProcess.NewWorkingDirectory();
    public string End => Samples[^1].Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public CloudWatchInPrometheus()
    {
        Samples = [.. File.ReadLines(RealExportTests.SamplePath("cloudwatch/ec2_cpu_utilization_ac20cd.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => (DateTimeOffset.ParseExact(cells[0], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddMinutes(1),
                double.Parse(cells[1], CultureInfo.InvariantCulture)))];
        File.WriteAllText(Path.Combine(Directory, "cpu.csv"), "timestamp,value\n" + string.Concat(Samples.Select(sample =>
            string.Create(CultureInfo.InvariantCulture, $"{sample.Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss},{sample.Value:R}\n"))));
        Server = new PrometheusServer(new Dictionary<string, IReadOnlyList<(DateTimeOffset, double)>>
        {
            ["cpu{instance=\"i-ac20cd\"}"] = Samples,
            ["cpu_pair{instance=\"a\"}"] = Samples,
            ["cpu_pair{instance=\"b\"}"] = Samples,
        });
    }

    public void Dispose() => Server.Dispose();
}
