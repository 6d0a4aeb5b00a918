using System.Globalization;
using LabA.Domain.Settings;
using LabA.Forecasting.Series;
using static LabA.Forecasting.Tests.CloudWatchExports;

namespace LabA.Forecasting.Tests;

/// <summary>Every import rule, on the real CloudWatch exports and on variants of them written as other tools and users write them.</summary>
public class SeriesImportTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    private static LoadSeries Read(string csv, ImportOptions? options = null) => SeriesCsv.Read(new StringReader(csv), "export.csv", options);

    private static string Error(string csv, ImportOptions? options = null) =>
        Assert.Throws<SeriesFormatException>(() => Read(csv, options)).Message;

    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static void AssertRegular(LoadSeries series)
    {
        Assert.Equal(series.Span.Ticks / Step.Ticks + 1, series.Count);
        for (var i = 1; i < series.Count; i++) Assert.Equal(Step, series.Observations[i].Timestamp - series.Observations[i - 1].Timestamp);
    }

    [Fact]
    public void Complete_exports_are_read_as_they_are()
    {
        foreach (var file in new[] { Complete, CompleteRds })
        {
            var rows = Rows(file);
            var series = SeriesCsv.Read(PathOf(file));
            Assert.Equal(rows.Length, series.Count);
            Assert.True(series.Import!.Untouched);
            Assert.Equal(rows.Select(row => Number(row.Value)), series.Observations.Select(observation => observation.Value));
            Assert.Equal(rows.Select(row => Utc(row.Timestamp)), series.Observations.Select(observation => observation.Timestamp));
        }
    }

    [Fact]
    public void Missing_samples_are_filled_by_linear_interpolation_and_marked()
    {
        var series = SeriesCsv.Read(PathOf(CpuWithGaps));
        AssertRegular(series);
        var import = series.Import!;
        Assert.Equal((4032, 2, 5, TimeSpan.FromMinutes(15)), (import.RowsRead, import.Gaps, import.PointsFilled, import.LongestGap));
        Assert.Equal(4037, series.Count);
        Assert.Equal(5, Enumerable.Range(0, series.Count).Count(series.IsFilled));

        // Line 1431 (13:34, 35.61) and line 1432 (13:49, 28.225) close a gap of two missing samples.
        var before = series.Observations.ToList().FindIndex(observation => observation.Timestamp == Utc("2014-04-07 13:34:00"));
        Assert.Equal([false, true, true, false], Enumerable.Range(before, 4).Select(series.IsFilled));
        Assert.Equal(35.61 + (28.225 - 35.61) / 3, series.Observations[before + 1].Value, 9);
        Assert.Equal(35.61 + 2 * (28.225 - 35.61) / 3, series.Observations[before + 2].Value, 9);
        Assert.Equal(28.225, series.Observations[before + 3].Value);
    }

    [Fact]
    public void Inside_a_gap_the_filled_points_are_known_only_as_the_last_real_value()
    {
        var series = SeriesCsv.Read(PathOf(CpuWithGaps));
        var before = series.Observations.ToList().FindIndex(observation => observation.Timestamp == Utc("2014-04-07 13:34:00"));
        var closing = before + 3;

        var insideGap = series.KnownAt(before + 2);
        Assert.Equal([35.61, 35.61, 35.61], Enumerable.Range(before, 3).Select(i => insideGap[i].Value));
        Assert.Equal(series.Observations[before - 1], insideGap[before - 1]);
        // Once the closing point is there, the interpolated values are what the series holds.
        var atClosing = series.KnownAt(closing);
        Assert.Equal(series.Observations.Take(closing + 1), Enumerable.Range(0, closing + 1).Select(i => atClosing[i]));
    }

    [Fact]
    public void A_blank_cell_is_a_missed_sample()
    {
        var rows = Rows(Complete);
        rows[99] = (rows[99].Timestamp, "");
        var series = Read(Csv(rows));
        Assert.Equal(rows.Length, series.Count);
        Assert.True(series.IsFilled(99));
        Assert.Equal((Number(rows[98].Value) + Number(rows[100].Value)) / 2, series.Observations[99].Value, 9);
        Assert.Equal((1, 1, TimeSpan.FromMinutes(5)), (series.Import!.PointsFilled, series.Import.Gaps, series.Import.LongestGap));
    }

    [Fact]
    public void Blank_cells_at_the_edges_are_dropped()
    {
        var rows = Rows(Complete);
        rows[0] = (rows[0].Timestamp, "");
        rows[^1] = (rows[^1].Timestamp, "");
        var series = Read(Csv(rows));
        Assert.Equal(rows.Length - 2, series.Count);
        Assert.Equal(Utc(rows[1].Timestamp), series.Start);
        Assert.Equal(2, series.Import!.BlankEdgesDropped);
    }

    [Fact]
    public void Timestamp_jitter_under_half_a_step_is_snapped_to_the_grid()
    {
        var rows = Rows(Complete);
        var jittered = rows.Select((row, i) =>
            (Utc(row.Timestamp).AddMilliseconds(i % 3 == 0 ? 0 : i % 3 == 1 ? 40 : -40).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), row.Value));
        var series = Read(Csv(jittered));
        Assert.Equal(rows.Select(row => Utc(row.Timestamp)), series.Observations.Select(observation => observation.Timestamp));
        Assert.Equal(rows.Length - (rows.Length + 2) / 3, series.Import!.PointsSnapped);
        Assert.Equal(Step, series.Step);
    }

    [Fact]
    public void A_timestamp_half_a_step_off_the_grid_names_its_line()
    {
        var rows = Rows(Complete);
        rows[50] = (Utc(rows[50].Timestamp).AddSeconds(150).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), rows[50].Value);
        Assert.StartsWith("export.csv:52: timestamp 2014-01-16T04:12:30Z is half a step (2m30s) off the 5m grid", Error(Csv(rows)));
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public void Semicolon_and_tab_separated_files_with_decimal_commas_read_the_same(char separator)
    {
        var rows = Rows(CpuWithGaps);
        var expected = Read(Csv(rows));
        var series = Read(Csv(rows.Select(row => (row.Timestamp, row.Value.Replace('.', ','))), separator));
        Assert.Equal(expected.Observations, series.Observations);
    }

    [Fact]
    public void Values_written_as_percentages_read_as_numbers()
    {
        var rows = Rows(CpuWithGaps);
        var series = Read(Csv(rows.Select(row => (row.Timestamp, row.Value + "%"))));
        Assert.Equal(Read(Csv(rows)).Observations, series.Observations);
    }

    [Fact]
    public void Exact_duplicates_are_dropped()
    {
        var rows = Rows(Complete).ToList();
        rows.Insert(10, rows[10]);
        rows.Insert(200, rows[200]);
        var series = Read(Csv(rows));
        Assert.Equal(rows.Count - 2, series.Count);
        Assert.Equal(2, series.Import!.DuplicatesDropped);
        Assert.Equal(SeriesCsv.Read(PathOf(Complete)).Observations, series.Observations);
    }

    [Fact]
    public void Two_values_at_one_timestamp_are_an_error_naming_both_lines_unless_merged()
    {
        var rows = Rows(Complete).ToList();
        rows.Insert(11, (rows[10].Timestamp, "90.5"));
        var csv = Csv(rows);
        var message = Error(csv);
        Assert.Equal($"export.csv:13: two values for 2014-01-16T00:50:00Z: {rows[10].Value} on line 12 and 90.5 on line 13 (pass --duplicates mean or --duplicates last to merge them)", message);

        var mean = Read(csv, new ImportOptions { Duplicates = DuplicatePolicy.Mean });
        Assert.Equal((Number(rows[10].Value) + 90.5) / 2, mean.Observations[10].Value, 9);
        Assert.Equal(1, mean.Import!.DuplicatesMerged);
        var last = Read(csv, new ImportOptions { Duplicates = DuplicatePolicy.Last });
        Assert.Equal(90.5, last.Observations[10].Value);
        Assert.Equal(rows.Count - 1, last.Count);
    }

    [Fact]
    public void A_skipped_hour_written_with_one_clamped_timestamp_is_placed_back_into_its_gap()
    {
        // Lines 2119-2130 all say 2014-03-09 03:00:00 (the US spring-forward night); 02:01..02:56 are missing.
        var rows = Rows(NetworkWithClampedHour);
        var series = SeriesCsv.Read(PathOf(NetworkWithClampedHour));
        AssertRegular(series);
        Assert.Equal(12, series.Import!.RowsPlacedInGap);
        Assert.Equal(0, series.Import.PointsFilled);
        var first = series.Observations.ToList().FindIndex(observation => observation.Timestamp == Utc("2014-03-09 02:01:00"));
        Assert.Equal(rows[2117..2129].Select(row => Number(row.Value)), series.Observations.Skip(first).Take(12).Select(observation => observation.Value));
        Assert.Equal(Utc("2014-03-09 03:01:00"), series.Observations[first + 12].Timestamp);
        Assert.Equal(Number(rows[2129].Value), series.Observations[first + 12].Value);
    }

    [Fact]
    public void A_gap_longer_than_max_gap_names_its_line_and_length_unless_allowed()
    {
        var rows = Rows(Complete).ToList();
        rows.RemoveRange(100, 13);
        var csv = Csv(rows);
        Assert.Equal(
            "export.csv:102: gap of 1h5m (13 missing points at 5m step) from 2014-01-16T08:15:00Z to 2014-01-16T09:25:00Z; " +
            "gaps up to --max-gap 1h are filled (pass a larger --max-gap to fill this one)",
            Error(csv));

        var series = Read(csv, new ImportOptions { MaxGap = TimeSpan.FromHours(2) });
        Assert.Equal((13, TimeSpan.FromMinutes(65)), (series.Import!.PointsFilled, series.Import.LongestGap));
        AssertRegular(series);
    }

    [Fact]
    public void A_local_time_export_across_the_autumn_change_reads_the_repeated_hour_in_file_order()
    {
        var berlin = LocalTimeResolver.FindZone("Europe/Berlin");
        var rows = Rows(Complete);
        // The same values, sampled every 5 minutes from 2024-10-26 22:00 UTC, written in Berlin wall-clock time:
        // 02:00..02:55 appears twice on 27 October.
        var start = new DateTimeOffset(2024, 10, 26, 22, 0, 0, TimeSpan.Zero);
        var local = rows.Select((row, i) => (Timestamp: TimeZoneInfo.ConvertTime(start + Step * i, berlin).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), row.Value)).ToArray();
        Assert.Equal(local[24].Timestamp, local[36].Timestamp);

        var series = Read(Csv(local), new ImportOptions { TimeZone = berlin });
        Assert.Equal(rows.Length, series.Count);
        Assert.Equal(start, series.Start);
        AssertRegular(series);
        Assert.True(series.Import!.Untouched);
        Assert.Equal("Europe/Berlin", series.Import.TimeZone);

        // Read as UTC, the file goes back in time when the repeated hour starts.
        Assert.Equal("export.csv:38: timestamp 2024-10-27T02:00:00Z is before the one on line 37 (2024-10-27T02:55:00Z); sort the series by time", Error(Csv(local)));
    }

    [Fact]
    public void A_local_time_the_spring_change_skipped_names_its_line()
    {
        var berlin = LocalTimeResolver.FindZone("Europe/Berlin");
        var rows = Rows(Complete);
        var start = new DateTimeOffset(2024, 3, 30, 22, 0, 0, TimeSpan.Zero);
        var local = rows.Select((row, i) => (Timestamp: TimeZoneInfo.ConvertTime(start + Step * i, berlin).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), row.Value)).ToArray();
        Assert.Equal(start, Read(Csv(local), new ImportOptions { TimeZone = berlin }).Start);

        local[60] = ("2024-03-31 02:30:00", local[60].Value);
        Assert.Equal("export.csv:62: local time 2024-03-31 02:30:00 does not exist in Europe/Berlin: the clocks skipped it when daylight saving time began",
            Error(Csv(local), new ImportOptions { TimeZone = berlin }));
    }

    [Fact]
    public void Timestamps_with_an_offset_are_instants_whatever_the_time_zone()
    {
        var rows = Rows(Complete).Take(50).Select(row => (Utc(row.Timestamp).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), row.Value));
        var series = Read(Csv(rows), new ImportOptions { TimeZone = LocalTimeResolver.FindZone("America/New_York") });
        Assert.Equal(Utc("2014-01-16 00:00:00"), series.Start);
    }

    [Fact]
    public void An_unknown_time_zone_names_the_option()
    {
        var error = Assert.Throws<SettingsException>(() => LocalTimeResolver.FindZone("Mars/Olympus_Mons"));
        Assert.StartsWith("--time-zone: 'Mars/Olympus_Mons' is not a time zone", error.Message);
    }
}
