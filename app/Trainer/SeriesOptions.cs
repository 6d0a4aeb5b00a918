using System.CommandLine;
using LabA.Domain.Settings;
using LabA.Forecasting.Series;
using LabA.Prometheus;

namespace LabA.Trainer;

/// <summary>
/// The options every command that reads a series shares: --data FILE, or --prometheus URL --query PROMQL --range 14d
/// [--step 1m] [--end ISO] in its place; and how the series is imported: --max-gap, --duplicates, --time-zone.
/// </summary>
public sealed class SeriesOptions
{
    private readonly string? _defaultData;

    public SeriesOptions(string dataDescription, string? defaultData)
    {
        _defaultData = defaultData;
        Data = new Option<string?>("--data") { Description = dataDescription + (defaultData is null ? "" : $" (default: {defaultData})") };
        Prometheus = new Option<string?>("--prometheus") { Description = "Read the series from this Prometheus server (e.g. http://localhost:9090) instead of --data; needs --query and --range" };
        Query = new Option<string?>("--query") { Description = "With --prometheus: the PromQL expression of the load; it must return exactly one series" };
        Range = new Option<string?>("--range") { Description = "With --prometheus: how much history to read, ending at --end (e.g. 14d, 36h)" };
        Step = new Option<string>("--step") { Description = "With --prometheus: the resolution of the query", DefaultValueFactory = _ => Durations.Format(PrometheusSeries.DefaultStep) };
        End = new Option<string?>("--end") { Description = "With --prometheus: the end of the range, ISO-8601 (default: now)" };
        MaxGap = new Option<string>("--max-gap")
        {
            Description = "The longest run of missing points filled by interpolation; a longer gap refuses the series",
            DefaultValueFactory = _ => Durations.Format(ImportOptions.DefaultMaxGap),
        };
        Duplicates = new Option<string>("--duplicates") { Description = "Two different values for one timestamp: error (name both lines), mean, or last", DefaultValueFactory = _ => "error" };
        Duplicates.AcceptOnlyFromAmong("error", "mean", "last");
        TimeZone = new Option<string?>("--time-zone") { Description = "IANA zone (e.g. Europe/Berlin) of timestamps written without an offset (default: UTC)" };
    }

    public Option<string?> Data { get; }
    public Option<string?> Prometheus { get; }
    public Option<string?> Query { get; }
    public Option<string?> Range { get; }
    public Option<string> Step { get; }
    public Option<string?> End { get; }
    public Option<string> MaxGap { get; }
    public Option<string> Duplicates { get; }
    public Option<string?> TimeZone { get; }

    public IEnumerable<Option> All => [Data, Prometheus, Query, Range, Step, End, MaxGap, Duplicates, TimeZone];

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    /// <summary>The source the options name; throws <see cref="SettingsException"/> naming the option at fault.</summary>
    public SeriesSource Source(ParseResult parse)
    {
        var import = new ImportOptions
        {
            MaxGap = Cli.Duration("--max-gap", parse.GetValue(MaxGap)!),
            Duplicates = Enum.Parse<DuplicatePolicy>(parse.GetValue(Duplicates)!, ignoreCase: true),
            TimeZone = parse.GetValue(TimeZone) is { } zone ? LocalTimeResolver.FindZone(zone) : null,
        };
        var url = parse.GetValue(Prometheus);
        var data = parse.GetValue(Data);
        if (url is null)
        {
            foreach (var option in new Option[] { Query, Range, End })
                if (parse.GetResult(option) is { Implicit: false })
                    throw new SettingsException(option.Name, "only applies with --prometheus URL");
            data ??= _defaultData ?? throw new SettingsException("--data", "is required (or read from Prometheus with --prometheus URL --query PROMQL --range 14d)");
            return new SeriesSource { DataPath = data, Import = import };
        }
        if (data is not null) throw new SettingsException("--data", "and --prometheus both name a series; give one");
        var query = parse.GetValue(Query) ?? throw new SettingsException("--query", "is required with --prometheus (the PromQL expression of the load)");
        var range = DaysOrDuration("--range", parse.GetValue(Range) ?? throw new SettingsException("--range", "is required with --prometheus (e.g. 14d)"));
        var end = parse.GetValue(End) is { } endText
            ? SeriesCsv.ParseTimestamp(endText) ?? throw new SettingsException("--end", $"'{endText}' is not a date and time (write e.g. 2025-01-17T00:00:00Z)")
            : DateTimeOffset.UtcNow;
        return new SeriesSource
        {
            Prometheus = new PrometheusRange(url, query, range, Cli.Duration("--step", parse.GetValue(Step)!), end),
            Import = import,
        };
    }

    /// <summary>A duration that may start with whole days ("14d", "1d12h"), as Prometheus writes ranges.</summary>
    internal static TimeSpan DaysOrDuration(string option, string text) =>
        Durations.TryParseWithDays(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new SettingsException(option, $"'{text}' is not a positive duration (write e.g. 14d, 1d12h, 36h)");
}
