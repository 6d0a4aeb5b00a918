using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

/// <summary>No feature for origin t reads a value after t: changing every later value changes no feature and no forecast.</summary>
[Collection(TrainedModels.Collection)]
public class FeatureLeakageTests(TrainedModels models)
{
    private static IReadOnlyList<Observation> WithFutureScrambled(IReadOnlyList<Observation> observations, int anchor) =>
        [.. observations.Select((observation, i) => i > anchor ? observation with { Value = 1000 + 37 * i % 101 } : observation)];

    [Theory]
    [InlineData("calendar", 5)]
    [InlineData("recent", 5)]
    [InlineData("recent", 60)]
    public void Features_of_origin_t_do_not_change_when_values_after_t_change(string featureSet, int horizonMinutes)
    {
        var series = TestSeries.Synthetic(days: 5);
        var spec = FeatureSpec.For(featureSet, series, TimeSpan.FromMinutes(horizonMinutes), FeatureSpec.DefaultRollingWindow);
        Assert.Equal(featureSet == "recent", spec.DayLag);
        foreach (var anchor in new[] { spec.HistoryPoints + 10, series.Count / 2, series.Count - spec.HorizonSteps - 1 })
        {
            var original = new ForecastRow();
            spec.Fill(series.Observations, anchor, original);
            var scrambled = new ForecastRow();
            spec.Fill(WithFutureScrambled(series.Observations, anchor), anchor, scrambled);
            foreach (var column in typeof(ForecastRow).GetProperties())
                Assert.Equal(column.GetValue(original), column.GetValue(scrambled));
        }
    }

    [Fact]
    public void Recent_features_describe_the_values_they_claim()
    {
        var series = TestSeries.Synthetic(days: 5);
        var spec = FeatureSpec.For("recent", series, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
        var anchor = series.Count - 100;
        var values = series.Observations.Select(observation => observation.Value).ToArray();
        var row = new ForecastRow();
        spec.Fill(series.Observations, anchor, row);

        Assert.Equal((float)values[anchor], row.Last);
        Assert.Equal((float)(values[anchor] - values[anchor - 1]), row.LastChange);
        Assert.Equal((float)values[(anchor - 9)..(anchor + 1)].Average(), row.RollingMean, 3);
        Assert.Equal((float)values[anchor + 5 - 1440], row.DayAgo);
        Assert.Equal((float)(values[anchor + 5 - 1440] - values[anchor - 1440]), row.DayAgoChange);
        var target = series.Observations[anchor].Timestamp.AddMinutes(5).UtcDateTime;
        Assert.Equal(target.Hour, row.Hour);
        Assert.Equal((float)target.DayOfWeek, row.DayOfWeek);
    }

    [Fact]
    public void Series_forecasts_up_to_origin_t_do_not_change_when_values_after_t_change()
    {
        var series = models.Series;
        var model = models.Recent;
        var anchor = series.Count - 300;
        var original = model.PredictSeries(series.Observations);
        var scrambled = model.PredictSeries(WithFutureScrambled(series.Observations, anchor));

        var upToT = original.Count(forecast => forecast.Origin <= series.Observations[anchor].Timestamp);
        Assert.True(upToT > 1000);
        Assert.Equal(original.Take(upToT), scrambled.Take(upToT));
        Assert.NotEqual(original.Skip(upToT).First(), scrambled.Skip(upToT).First());
    }

    /// <summary>
    /// The rule for filled points: interpolation across a gap uses the real point that closes it, so a feature at origin t
    /// may read a filled value only when that closing point is at or before t; inside a gap the filled points read as the
    /// last real value before it.
    /// </summary>
    [Fact]
    public void Features_inside_a_gap_do_not_read_the_point_that_closes_it()
    {
        var synthetic = TestSeries.Synthetic(days: 5);
        var gap = Enumerable.Range(synthetic.Count / 2, 6).ToArray();
        var closing = gap[^1] + 1;
        var series = TestSeries.WithMissedSamples(synthetic, gap);
        var spec = FeatureSpec.For("recent", series, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30));
        Assert.All(gap, index => Assert.True(series.IsFilled(index)));

        // The same export with another value at the point that closes the gap: every interpolated value changes.
        var altered = TestSeries.WithMissedSamples(
            LoadSeries.Create([.. synthetic.Observations.Select((observation, i) => i == closing ? observation with { Value = observation.Value + 500 } : observation)], "altered"),
            gap);
        Assert.NotEqual(series.Observations[gap[2]].Value, altered.Observations[gap[2]].Value);

        var lastReal = series.Observations[gap[0] - 1].Value;
        foreach (var anchor in gap)
        {
            var row = new ForecastRow();
            spec.Fill(series, anchor, row);
            var other = new ForecastRow();
            spec.Fill(altered, anchor, other);
            foreach (var column in typeof(ForecastRow).GetProperties())
                Assert.Equal(column.GetValue(row), column.GetValue(other));
            Assert.Equal((float)lastReal, row.Last);
            Assert.Equal(0f, row.LastChange);
        }

        // From the closing point on, the filled values are known and the rolling mean reads them as interpolated.
        var after = new ForecastRow();
        spec.Fill(series, closing, after);
        var window = Enumerable.Range(closing - spec.RollingPoints + 1, spec.RollingPoints).Select(i => series.Observations[i].Value).Average();
        Assert.Equal((float)window, after.RollingMean, 3);
        Assert.NotEqual((float)Enumerable.Range(closing - spec.RollingPoints + 1, spec.RollingPoints).Select(i => i < closing ? lastReal : series.Observations[i].Value).Average(), after.RollingMean);
    }
}
