using LabA.Domain.Scaling;
using LabA.Domain.Settings;

namespace LabA.Domain.Tests;

public class SettingsTests
{
    [Theory]
    [InlineData("10", 10)]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("2.5", 2.5)]
    public void Durations_read_the_forms_people_write(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
        Assert.True(Durations.TryParse(Durations.Format(value), out var roundTrip));
        Assert.Equal(value, roundTrip);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5 minutes")]
    [InlineData("-3")]
    [InlineData("m")]
    public void Durations_refuse_anything_else(string text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData("14d", 14 * 24, "14d")]
    [InlineData("1d12h", 36, "1d12h")]
    [InlineData("36h", 36, "1d12h")]
    [InlineData("2h30m", 2.5, "2h30m")]
    public void Ranges_of_history_may_start_with_whole_days(string text, double hours, string shortest)
    {
        Assert.True(Durations.TryParseWithDays(text, out var value));
        Assert.Equal(TimeSpan.FromHours(hours), value);
        Assert.Equal(shortest, Durations.FormatWithDays(value));
        // A timeout never takes days.
        Assert.Equal(text.Contains('d'), !Durations.TryParse(text, out _));
    }

    [Theory]
    [InlineData("d")]
    [InlineData("1.5d")]
    [InlineData("14d3x")]
    [InlineData("-1d")]
    [InlineData("99999999999d")]
    public void Ranges_refuse_anything_else(string text) => Assert.False(Durations.TryParseWithDays(text, out _));

    [Fact]
    public void EnvReader_names_the_key_and_the_value()
    {
        var env = EnvReader.From(new Dictionary<string, string> { ["DRY_RUN"] = "maybe", ["N"] = "3", ["T"] = "soon" });
        Assert.Equal("DRY_RUN", Assert.Throws<SettingsException>(() => env.Bool("DRY_RUN", false)).Key);
        var tooSmall = Assert.Throws<SettingsException>(() => env.Int("N", 1, min: 5));
        Assert.Contains("minimum", tooSmall.Message);
        Assert.Contains("'soon'", Assert.Throws<SettingsException>(() => env.Duration("T", TimeSpan.Zero)).Message);
        Assert.Equal(7, env.Int("UNSET", 7));
    }

    [Theory]
    [InlineData("*/2 * * * *", 2)]
    [InlineData("*/5 * * * *", 5)]
    [InlineData("0,30 * * * *", 30)]
    [InlineData("0 * * * *", 60)]
    public void Cron_schedules_know_their_interval(string cron, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), CronSchedule.Parse(cron, "schedule").LongestInterval());
    }

    [Theory]
    [InlineData("*/2 * * *")]
    [InlineData("* * * * * *")]
    [InlineData("61 * * * *")]
    [InlineData("every two minutes")]
    [InlineData("")]
    public void Bad_cron_names_the_key(string cron)
    {
        var error = Assert.Throws<SettingsException>(() => CronSchedule.Parse(cron, "lab-a:schedule"));
        Assert.Equal("lab-a:schedule", error.Key);
    }

    [Theory]
    [InlineData("0 0 30 2 *")]
    [InlineData("0 0 31 4 *")]
    [InlineData("0 0 31 2,4,6,9,11 *")]
    public void A_cron_that_never_fires_is_refused_naming_the_key(string cron)
    {
        var error = Assert.Throws<SettingsException>(() => CronSchedule.Parse(cron, "lab-a:schedule"));
        Assert.Equal("lab-a:schedule", error.Key);
        Assert.Contains("never", error.Problem);
        // A rare one still fires: the 29th of February.
        Assert.Equal("0 0 29 2 *", CronSchedule.Parse("0 0 29 2 *", "lab-a:schedule").Text);
    }

    [Theory]
    [InlineData("7d", 7 * 24)]
    [InlineData("1d12h", 36)]
    [InlineData("2h", 2)]
    public void The_observation_window_takes_what_the_readme_documents_up_to_seven_days(string text, double hours)
    {
        var settings = ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { ["OBSERVATION_WINDOW"] = text }));
        Assert.Equal(TimeSpan.FromHours(hours), settings.ObservationWindow);
        // What the stack writes into the CronJob's env reads back the same.
        var written = settings.ToEnvironment().Single(variable => variable.Key == "OBSERVATION_WINDOW").Value;
        Assert.Equal(settings.ObservationWindow, ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { ["OBSERVATION_WINDOW"] = written })).ObservationWindow);
    }

    [Theory]
    [InlineData("8d", "above the maximum 7d")]
    [InlineData("a week", "not a duration")]
    public void An_observation_window_beyond_seven_days_is_refused_naming_the_key(string text, string problem)
    {
        var error = Assert.Throws<SettingsException>(() => ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string> { ["OBSERVATION_WINDOW"] = text })));
        Assert.Equal("OBSERVATION_WINDOW", error.Key);
        Assert.Contains(problem, error.Problem);
    }
}
