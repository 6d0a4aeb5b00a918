using LabA.Forecasting.Synthetic;

namespace LabA.Forecasting.Tests;

public class SyntheticLoadClockTests
{
    [Fact]
    public void The_value_at_an_instant_is_the_generated_series_value_of_its_step()
    {
        var options = new SyntheticLoadOptions { Days = 2, Seed = 9 };
        var series = SyntheticLoad.Generate(options);
        var clock = new SyntheticLoadClock(options);

        foreach (var index in new[] { 0, 1, 719, 2000, 2879 })
        {
            var within = series.Observations[index].Timestamp + TimeSpan.FromSeconds(37);
            Assert.Equal(series.Observations[index], clock.At(within));
        }
        // Going back in time restarts the stream and still gives the file's value.
        Assert.Equal(series.Observations[5], clock.At(series.Observations[5].Timestamp));
    }

    [Fact]
    public void Before_the_series_starts_there_is_no_value()
    {
        var clock = new SyntheticLoadClock(new SyntheticLoadOptions());
        Assert.Null(clock.At(new SyntheticLoadOptions().Start - TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_surge_lifts_the_curve_for_its_hours_only()
    {
        var surgeAt = new DateTimeOffset(2025, 1, 8, 10, 0, 0, TimeSpan.Zero);
        var plain = new SyntheticLoadOptions();
        var surging = plain with { SurgeAt = surgeAt, SurgeDuration = TimeSpan.FromHours(6), Surge = 30 };

        Assert.Equal(SyntheticLoad.NoiseFree(surgeAt, plain) + 30, SyntheticLoad.NoiseFree(surgeAt, surging), 9);
        Assert.Equal(SyntheticLoad.NoiseFree(surgeAt.AddHours(5.9), plain) + 30, SyntheticLoad.NoiseFree(surgeAt.AddHours(5.9), surging), 9);
        Assert.Equal(SyntheticLoad.NoiseFree(surgeAt.AddHours(6), plain), SyntheticLoad.NoiseFree(surgeAt.AddHours(6), surging), 9);
        Assert.Equal(SyntheticLoad.NoiseFree(surgeAt.AddMinutes(-1), plain), SyntheticLoad.NoiseFree(surgeAt.AddMinutes(-1), surging), 9);
    }

    [Theory]
    [InlineData(0, 30, "--surge-hours")]
    [InlineData(6, 150, "--surge")]
    [InlineData(6, double.NaN, "--surge")]
    public void Out_of_range_surges_are_refused_naming_the_option(double hours, double surge, string key)
    {
        var options = new SyntheticLoadOptions { SurgeAt = new SyntheticLoadOptions().Start, SurgeDuration = TimeSpan.FromHours(hours), Surge = surge };
        Assert.Equal(key, Assert.Throws<LabA.Domain.Settings.SettingsException>(() => SyntheticLoad.Generate(options)).Key);
    }
}
