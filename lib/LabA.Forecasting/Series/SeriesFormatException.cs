namespace LabA.Forecasting.Series;

/// <summary>
/// A series that cannot be used as it is: the message is one line naming the source (a file path) and, where there is
/// one, the line the problem is on, e.g. <c>data/cpu.csv:17: timestamp '2024-13-01' is not a date</c>.
/// </summary>
public sealed class SeriesFormatException(string source, int? line, string problem)
    : Exception(line is { } number ? $"{source}:{number}: {problem}" : $"{source}: {problem}")
{
    public string SourceName { get; } = source;
    public int? Line { get; } = line;
    public string Problem { get; } = problem;
}
