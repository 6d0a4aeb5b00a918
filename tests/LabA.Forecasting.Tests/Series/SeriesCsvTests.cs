using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

public class SeriesCsvTests
{
    private static LoadSeries Read(string csv) => SeriesCsv.Read(new StringReader(csv), "load.csv");

    private static string Error(string csv) => Assert.Throws<SeriesFormatException>(() => Read(csv)).Message;

    [Theory]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n2024-03-01 10:05:00,2\n2024-03-01 10:10:00,3\n", "value")]
    [InlineData("timestamp,cpu_percent,noise_free_cpu_percent\n2024-03-01T10:00:00Z,1,0.5\n2024-03-01T10:05:00Z,2,0.5\n2024-03-01T10:10:00Z,3,0.5\n", "cpu_percent")]
    [InlineData("timestamp,value\n1709287200,1\n1709287500,2\n1709287800,3\n", "value")]
    [InlineData("time,value\n1709287200.000,1\n1709287500.000,2\n1709287800.000,3\n", "value")]
    [InlineData("\"Timestamp\",\"Label\",\"Average\"\n\"2024-03-01T11:00:00+01:00\",\"CPUUtilization\",1\n" +
        "\"2024-03-01T11:05:00+01:00\",\"CPUUtilization\",2\n\"2024-03-01T11:10:00+01:00\",\"CPUUtilization\",3\n", "Average")]
    [InlineData("Time,web-1 cpu\n1709287200000,1\n1709287500000,2\n1709287800000,3\n", "web-1 cpu")]
    public void Reads_the_exports_people_have(string csv, string valueName)
    {
        var series = Read(csv);
        Assert.Equal(3, series.Count);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), series.Start);
        Assert.Equal(TimeSpan.FromMinutes(5), series.Step);
        Assert.Equal([1.0, 2.0, 3.0], series.Observations.Select(observation => observation.Value));
        Assert.Equal(valueName, series.ValueName);
        Assert.Equal(valueName == "cpu_percent", series.NoiseFree is not null);
    }

    [Theory]
    [InlineData("", "load.csv: file is empty")]
    [InlineData("when,value\n2024-03-01 10:00:00,1\n", "load.csv:1: no timestamp column")]
    [InlineData("timestamp,host,region\n2024-03-01 10:00:00,a,b\n", "load.csv:1: no value column")]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n2024-13-01 10:01:00,2\n", "load.csv:3: timestamp '2024-13-01 10:01:00' is not a date")]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n2024-03-01 10:01:00,high\n", "load.csv:3: value 'high' is not a finite number")]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n2024-03-01 10:01:00,NaN\n", "load.csv:3: value 'NaN' is not a finite number")]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n2024-03-01 10:01:00\n", "load.csv:3: has 1 field(s)")]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n2024-03-01 10:01:00,2\n2024-03-01 10:00:30,3\n", "load.csv:4: timestamp 2024-03-01T10:00:30Z is before the one on line 3")]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n2024-03-01 10:01:00,2\n2024-03-01 10:01:00,3\n", "load.csv:4: two values for 2024-03-01T10:01:00Z: 2 on line 3 and 3 on line 4")]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n2024-03-01 10:01:00,2\n2024-03-01 12:03:00,3\n", "load.csv:4: gap of 2h1m (121 missing points at 1m step)")]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n", "load.csv: has 1 distinct timestamp(s)")]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n2024-03-01 10:01:00,\n2024-03-01 10:02:00,\n", "load.csv: has 1 data point(s) with a value")]
    public void Bad_input_is_one_line_naming_file_and_line(string csv, string expected)
    {
        var message = Error(csv);
        Assert.StartsWith(expected, message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Comment_and_blank_lines_are_skipped_but_still_counted_for_line_numbers()
    {
        var message = Error("# exported by hand\ntimestamp,value\n\n2024-03-01 10:00:00,1\n2024-03-01 10:01:00,x\n");
        Assert.StartsWith("load.csv:5:", message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(TestDirectory.Create("labA-series-csv-"), "missing", "missing.csv");
        Assert.Equal($"{path}: file not found", Assert.Throws<SeriesFormatException>(() => SeriesCsv.Read(path)).Message);
    }

    [Fact]
    public void What_the_generator_writes_reads_back_the_same()
    {
        var series = Synthetic.SyntheticLoad.Generate(new Synthetic.SyntheticLoadOptions { Days = 1 });
        var path = Path.Combine(TestDirectory.Create("labA-series-csv-"), "load.csv");
        SeriesCsv.Write(path, series);
        var read = SeriesCsv.Read(path);

        Assert.Equal(series.Observations.Select(observation => observation.Timestamp), read.Observations.Select(observation => observation.Timestamp));
        Assert.All(series.Observations.Zip(read.Observations), pair => Assert.Equal(pair.First.Value, pair.Second.Value, 3));
        Assert.All(series.NoiseFree!.Zip(read.NoiseFree!), pair => Assert.Equal(pair.First, pair.Second, 3));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Theory]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n2024-03-01 10:01:00,-5\n", "load.csv:3: value -5 is outside the loads the Predictor serves (0 to 1e9, finite)")]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1\n2024-03-01 10:01:00,1e308\n", "load.csv:3: value 1E+308 is outside the loads the Predictor serves (0 to 1e9, finite)")]
    [InlineData("timestamp,value\n2024-03-01 10:00:00,1e300\n2024-03-01 10:01:00,1\n", "load.csv:2: value 1E+300 is outside the loads the Predictor serves (0 to 1e9, finite)")]
    [InlineData("timestamp,value\n0001-01-01 10:00:00,1\n0001-01-01 10:01:00,1\n", "load.csv:2: timestamp 0001-01-01T10:00:00Z is before 2000-01-01")]
    [InlineData("timestamp,value\n9999-01-01 10:00:00,1\n9999-01-01 10:01:00,1\n", "load.csv:2: timestamp 9999-01-01T10:00:00Z is more than 24 hours ahead")]
    [InlineData("timestamp,cpu_percent,noise_free_cpu_percent\n2024-03-01T10:00:00Z,1,1\n2024-03-01T10:01:00Z,-1,1\n",
        "load.csv:3: value -1 is outside the loads the Predictor serves (0 to 1e9, finite)")]
    public void A_load_or_instant_the_Predictor_would_refuse_is_refused_naming_its_line(string csv, string expected)
    {
        var message = Error(csv);
        Assert.StartsWith(expected, message);
    }

    [Fact]
    public void A_binary_file_is_refused_without_echoing_its_bytes()
    {
        var path = Path.Combine(TestDirectory.Create("labA-series-csv-"), "model.zip");
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        "PK\u0003\u0004"u8.ToArray().CopyTo(bytes, 0);
        File.WriteAllBytes(path, bytes);

        var message = Assert.Throws<SeriesFormatException>(() => SeriesCsv.Read(path)).Message;
        Assert.StartsWith(path + ":", message);
        Assert.DoesNotContain("PK", message);
        Assert.DoesNotContain('\uFFFD', message);
        Assert.DoesNotContain(message, character => char.IsControl(character));
        Assert.True(message.Length < 400, message);
    }
}
