namespace LabA.Trainer;

/// <summary>A range query as the command line gives it: --prometheus, --query, --range, --step and --end.</summary>
public sealed record PrometheusRange(string Url, string Query, TimeSpan Range, TimeSpan Step, DateTimeOffset End);
