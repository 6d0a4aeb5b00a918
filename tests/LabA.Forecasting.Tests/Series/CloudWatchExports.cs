namespace LabA.Forecasting.Tests;

/// <summary>The real CloudWatch exports in samples/cloudwatch, and variants of them as other tools and users write them.</summary>
internal static class CloudWatchExports
{
    public const string CpuWithGaps = "ec2_cpu_utilization_ac20cd.csv";
    public const string NetworkWithGaps = "ec2_network_in_257a54.csv";
    public const string NetworkWithClampedHour = "ec2_network_in_5abac7.csv";
    public const string Complete = "grok_asg_anomaly.csv";
    public const string CompleteRds = "rds_cpu_utilization_e47b3b.csv";

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "samples", "cloudwatch", file);

    /// <summary>The data rows of a file (header excluded) as (timestamp text, value text); row i is on file line i + 2.</summary>
    public static (string Timestamp, string Value)[] Rows(string file) =>
        [.. File.ReadLines(PathOf(file)).Skip(1).Select(line => line.Split(',')).Select(cells => (cells[0], cells[1]))];

    public static string Csv(IEnumerable<(string Timestamp, string Value)> rows, char separator = ',') =>
        $"timestamp{separator}value\n" + string.Concat(rows.Select(row => $"{row.Timestamp}{separator}{row.Value}\n"));
}
