using System.Globalization;
using System.Text;
using CsvHelper;

namespace LabA.Forecasting.Series;

/// <summary>
/// Reads and writes load series as CSV. Reading finds the timestamp and value columns by name, as Prometheus,
/// CloudWatch, Grafana and the generator export them; detects the separator (comma, semicolon, tab); timestamps may be
/// epoch seconds (or milliseconds), ISO-8601, or <c>yyyy-MM-dd HH:mm:ss</c> (UTC, or local time in
/// <see cref="ImportOptions.TimeZone"/>); values may end in %, and a blank value is a missed sample. The rows are put on
/// a regular grid by <see cref="SeriesImport"/>. Every problem is a <see cref="SeriesFormatException"/> naming file and line.
/// </summary>
public static class SeriesCsv
{
    public const string GeneratorTimestampColumn = "timestamp";
    public const string GeneratorValueColumn = "cpu_percent";
    /// <summary>The generator's own noise-free curve, kept beside the noisy value so evaluation can report the irreducible error.</summary>
    public const string GeneratorNoiseFreeColumn = "noise_free_cpu_percent";

    private static readonly string[] TimestampNames = ["timestamp", "time", "ts", "datetime", "date", "time_stamp"];
    private static readonly string[] ValueNames = ["value", GeneratorValueColumn, "cpu", "average", "avg", "mean", "y"];

    /// <summary>Epoch values at or above this are milliseconds (1e11 seconds is the year 5138).</summary>
    private const double EpochMillisecondsThreshold = 1e11;

    public static LoadSeries Read(string path, ImportOptions? options = null)
    {
        if (!File.Exists(path)) throw new SeriesFormatException(path, null, "file not found");
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Read(reader, path, options);
        }
        catch (IOException e)
        {
            throw new SeriesFormatException(path, null, $"cannot read: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SeriesFormatException(path, null, $"cannot read: {e.Message}");
        }
    }

    public static LoadSeries Read(TextReader text, string source, ImportOptions? options = null)
    {
        var readerOptions = new CsvReaderOptions
        {
            // Null: detected from the first lines, among comma, semicolon, tab and pipe.
            Separator = null,
            CommentPrefix = '#',
            TrimWhitespace = true,
            TrackLineNumbers = true,
        };
        using var reader = CsvReader.Create(text, readerOptions, leaveOpen: true);
        try
        {
            return Read(reader, source, options ?? new ImportOptions());
        }
        catch (CsvFormatException e)
        {
            throw new SeriesFormatException(source, reader.LineNumber > 0 ? (int)reader.LineNumber : null, $"malformed CSV: {e.Message}");
        }
    }

    private static LoadSeries Read(CsvReader reader, string source, ImportOptions options)
    {
        reader.ReadHeader();
        var header = reader.Headers.ToArray();
        if (header.Length == 0) throw new SeriesFormatException(source, null, "file is empty; expected a header such as 'timestamp,value'");
        var headerLine = reader.LineNumber > 0 ? (int)reader.LineNumber : 1;
        var timestampColumn = FindColumn(header, TimestampNames)
            ?? throw new SeriesFormatException(source, headerLine,
                $"no timestamp column in header {Shown(string.Join(',', header))} (expected one named {string.Join(", ", TimestampNames)})");
        var valueColumn = FindColumn(header, ValueNames) ?? OnlyOtherColumn(header, timestampColumn)
            ?? throw new SeriesFormatException(source, headerLine,
                $"no value column in header {Shown(string.Join(',', header))} (expected one named {string.Join(", ", ValueNames)}, or exactly one column beside the timestamp)");
        var noiseFreeColumn = FindColumn(header, [GeneratorNoiseFreeColumn]);
        var needed = Math.Max(timestampColumn, Math.Max(valueColumn, noiseFreeColumn ?? 0)) + 1;
        // Where the separator is not a comma, a comma in a number is the decimal mark (53,9 in a semicolon export).
        var decimalComma = reader.Separator != ',';
        var localTime = options.TimeZone is { } zone ? new LocalTimeResolver(zone, source) : null;

        var rows = new List<RawPoint>();
        var noiseFree = noiseFreeColumn is null ? null : new List<double>();
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            if (reader.FieldCount < needed)
                throw new SeriesFormatException(source, line, $"has {reader.FieldCount} field(s); the header has {header.Length}");
            var timestampText = reader.GetString(timestampColumn);
            var timestamp = ParseTimestamp(timestampText, localTime, line)
                ?? throw new SeriesFormatException(source, line,
                    $"timestamp {Shown(timestampText)} is not a date (use ISO-8601, 'yyyy-MM-dd HH:mm:ss' in UTC or in --time-zone, or epoch seconds)");
            rows.Add(new RawPoint(timestamp, ReadNumber(reader, valueColumn, header, source, line, decimalComma), line));
            noiseFree?.Add(ReadNumber(reader, noiseFreeColumn!.Value, header, source, line, decimalComma)
                           ?? throw new SeriesFormatException(source, line, $"{Shown(header[noiseFreeColumn.Value], quoted: false)} is blank"));
        }
        if (noiseFree is null) return SeriesImport.Build(rows, source, header[valueColumn], options);

        // The generator's own files are regular by construction: read them strictly, with their noise-free curve.
        SeriesImport.CheckBounds(rows, source, options.Clock.GetUtcNow());
        var observations = rows.Select(row => new Observation(row.Timestamp, row.Value
            ?? throw new SeriesFormatException(source, row.Line, $"{Shown(header[valueColumn], quoted: false)} is blank"))).ToArray();
        return LoadSeries.Create(observations, source, header[valueColumn], noiseFree, [.. rows.Select(row => row.Line!.Value)]);
    }

    /// <summary>A number, or null for a blank cell (a missed sample). A trailing % is dropped: 53.9% reads as 53.9.</summary>
    private static double? ReadNumber(CsvReader reader, int column, string[] header, string source, int line, bool decimalComma)
    {
        var text = reader.GetString(column).Trim();
        if (text.Length == 0) return null;
        var number = text.EndsWith('%') ? text[..^1].TrimEnd() : text;
        if (decimalComma && number.Contains(',') && !number.Contains('.')) number = number.Replace(',', '.');
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new SeriesFormatException(source, line, $"{Shown(header[column], quoted: false)} {Shown(text)} is not a finite number");
    }

    /// <summary>Writes the generator's columns (timestamp, value, noise-free curve when known) atomically.</summary>
    public static void Write(string path, LoadSeries series)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
            Write(writer, series);
        });
    }

    public static void Write(TextWriter writer, LoadSeries series)
    {
        var noiseFree = series.NoiseFree;
        writer.Write(GeneratorTimestampColumn);
        writer.Write(',');
        writer.Write(GeneratorValueColumn);
        if (noiseFree is not null) writer.Write("," + GeneratorNoiseFreeColumn);
        writer.Write('\n');
        for (var i = 0; i < series.Count; i++)
        {
            var observation = series.Observations[i];
            writer.Write(observation.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(FormatValue(observation.Value));
            if (noiseFree is not null)
            {
                writer.Write(',');
                writer.Write(FormatValue(noiseFree[i]));
            }
            writer.Write('\n');
        }
    }

    private static string FormatValue(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTimestamp(string text) => ParseTimestamp(text, null, null);

    /// <summary>
    /// Epoch seconds or milliseconds, or a date; a date written with an offset or Z is that instant, one without is
    /// local time in <paramref name="localTime"/>'s zone when given, else UTC.
    /// </summary>
    private static DateTimeOffset? ParseTimestamp(string text, LocalTimeResolver? localTime, int? line)
    {
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            if (!double.IsFinite(epoch) || epoch < 0) return null;
            var milliseconds = epoch >= EpochMillisecondsThreshold ? epoch : epoch * 1000;
            if (milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()) return null;
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(milliseconds));
        }
        if (localTime is not null
            && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var wallClock)
            && wallClock.Kind == DateTimeKind.Unspecified)
            return localTime.ToUtc(wallClock, line);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
    }

    /// <summary>The longest field an error message quotes; a longer one is cut, so a message stays one readable line.</summary>
    private const int MaxQuoted = 60;

    /// <summary>
    /// A field as an error message shows it: quoted, cut at <see cref="MaxQuoted"/> characters, and never the raw
    /// content of a binary file (control characters, bytes that are not UTF-8): a terminal or a log must not receive those.
    /// </summary>
    internal static string Shown(string text, bool quoted = true)
    {
        if (text.Any(character => (char.IsControl(character) && character != '\t') || character == '\uFFFD' || char.IsSurrogate(character)))
            return $"of {text.Length} characters that are not text (is this a binary file rather than a CSV export?)";
        var shown = text.Length > MaxQuoted ? text[..MaxQuoted] + "..." : text;
        return quoted ? $"'{shown}'" : shown;
    }

    private static int? FindColumn(string[] header, string[] names)
    {
        foreach (var name in names)
        {
            var index = Array.FindIndex(header, column => string.Equals(column.Trim(), name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) return index;
        }
        return null;
    }

    private static int? OnlyOtherColumn(string[] header, int timestampColumn) =>
        header.Length == 2 ? 1 - timestampColumn : null;
}
