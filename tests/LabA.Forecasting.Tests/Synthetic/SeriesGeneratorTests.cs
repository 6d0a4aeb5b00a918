using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting.Series;
using LabA.Forecasting.Synthetic;

namespace LabA.Forecasting.Tests;

public class SeriesGeneratorTests
{
    private static string Csv(SyntheticLoadOptions options)
    {
        using var writer = new StringWriter();
        SeriesCsv.Write(writer, SyntheticLoad.Generate(options));
        return writer.ToString();
    }

    [Fact]
    public void The_same_seed_gives_the_same_file_and_another_seed_another()
    {
        var options = new SyntheticLoadOptions { Days = 2, Seed = 5 };
        Assert.Equal(Csv(options), Csv(options));
        Assert.NotEqual(Csv(options), Csv(options with { Seed = 6 }));
    }

    [Fact]
    public void One_day_is_the_original_labs_1440_points_and_the_default_is_two_weeks()
    {
        Assert.Equal(1440, SyntheticLoad.Generate(new SyntheticLoadOptions { Days = 1 }).Count);
        var series = SyntheticLoad.Generate(new SyntheticLoadOptions());
        Assert.Equal(20160, series.Count);
        Assert.Equal(TimeSpan.FromMinutes(1), series.Step);
        Assert.Equal(DayOfWeek.Monday, series.Start.DayOfWeek);
    }

    [Fact]
    public void Base_low_and_base_high_set_the_night_trough_and_the_afternoon_peak()
    {
        var options = new SyntheticLoadOptions { BaseLow = 10, BaseHigh = 60 };
        var wednesday = new DateTimeOffset(2025, 1, 8, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(10, SyntheticLoad.NoiseFree(wednesday.AddHours(4), options), 9);
        Assert.Equal(60, SyntheticLoad.NoiseFree(wednesday.AddHours(16), options), 9);
    }

    [Fact]
    public void Weekends_are_lower_unless_the_weekly_pattern_is_off()
    {
        var options = new SyntheticLoadOptions();
        var wednesdayPeak = new DateTimeOffset(2025, 1, 8, 16, 0, 0, TimeSpan.Zero);
        var saturdayPeak = new DateTimeOffset(2025, 1, 11, 16, 0, 0, TimeSpan.Zero);
        Assert.True(SyntheticLoad.NoiseFree(saturdayPeak, options) < SyntheticLoad.NoiseFree(wednesdayPeak, options) - 20);
        Assert.Equal(SyntheticLoad.NoiseFree(wednesdayPeak, options with { Weekly = false }), SyntheticLoad.NoiseFree(saturdayPeak, options with { Weekly = false }));
    }

    [Fact]
    public void Without_noise_or_spikes_the_data_is_the_noise_free_curve()
    {
        var series = SyntheticLoad.Generate(new SyntheticLoadOptions { Days = 1, NoiseStd = 0, SpikeProbability = 0 });
        Assert.Equal(series.NoiseFree!, series.Observations.Select(observation => observation.Value));
    }

    [Fact]
    public void Noise_std_and_spike_probability_show_in_the_data()
    {
        static double[] Deviations(SyntheticLoadOptions options)
        {
            var series = SyntheticLoad.Generate(options with { Days = 7 });
            return [.. series.Observations.Select((observation, i) => observation.Value - series.NoiseFree![i])];
        }
        var noisy = Deviations(new SyntheticLoadOptions { NoiseStd = 3, SpikeProbability = 0 });
        var std = Math.Sqrt(noisy.Average(d => d * d));
        Assert.InRange(std, 2.9, 3.1);

        var spiky = Deviations(new SyntheticLoadOptions { NoiseStd = 0, SpikeProbability = 0.1 });
        var spikeShare = spiky.Count(d => d >= SyntheticLoad.SpikeMin - 1e-9) / (double)spiky.Length;
        Assert.InRange(spikeShare, 0.09, 0.11);
        Assert.All(spiky, d => Assert.True(d == 0 || d >= SyntheticLoad.SpikeMin - 1e-9));
    }

    [Fact]
    public void Knobs_come_from_the_original_labs_environment_variables()
    {
        var env = EnvReader.From(new Dictionary<string, string> { [TrainerCatalogue.BaseLow.Env] = "5", [TrainerCatalogue.NoiseStd.Env] = "0.5" });
        var options = SyntheticLoadOptions.FromEnvironment(env);
        Assert.Equal(5, options.BaseLow);
        Assert.Equal(TrainerCatalogue.BaseHigh.Default, options.BaseHigh);
        Assert.Equal(0.5, options.NoiseStd);
    }

    [Theory]
    [InlineData(90, 80, 5, 0.01, "BASE_HIGH")]
    [InlineData(20, 120, 5, 0.01, "BASE_HIGH")]
    [InlineData(20, 80, -1, 0.01, "NOISE_STD")]
    [InlineData(20, 80, 5, 1.5, "SPIKE_PROBABILITY")]
    [InlineData(-5, 80, 5, 0.01, "BASE_LOW")]
    public void Out_of_range_knobs_are_refused_naming_the_variable(double low, double high, double noise, double spikes, string key)
    {
        var options = new SyntheticLoadOptions { BaseLow = low, BaseHigh = high, NoiseStd = noise, SpikeProbability = spikes };
        Assert.Equal(key, Assert.Throws<SettingsException>(() => SyntheticLoad.Generate(options)).Key);
    }
}
