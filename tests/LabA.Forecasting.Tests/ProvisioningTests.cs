using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

/// <summary>The provisioning margin: residual quantiles from the validation slice only, served by quantile.</summary>
[Collection(TrainedModels.Collection)]
public class ProvisioningTests(TrainedModels models)
{
    [Fact]
    public void Residual_quantiles_come_from_the_validation_slice_only_changing_the_holdout_leaves_them_unchanged()
    {
        var series = models.Series;
        var holdoutStart = series.Observations[Training.HoldoutStart(series.Count, new TrainingOptions().HoldoutFraction)].Timestamp;
        var altered = LoadSeries.Create(
            [.. series.Observations.Select(o => o.Timestamp >= holdoutStart ? o with { Value = 100 - o.Value } : o)], series.Source, series.ValueName);
        using var onAltered = Training.Train(altered, TrainedModels.CalendarOptions);

        var residuals = models.Calendar.Card.Residuals!;
        Assert.True(residuals.To < holdoutStart && residuals.To < models.Calendar.Card.Metrics.From);
        Assert.Equal(residuals.Quantiles, onAltered.Card.Residuals!.Quantiles);
        Assert.Equal(residuals.Examples, onAltered.Card.Residuals.Examples);
        // The hold-out did change: the coverage check on it sees the difference.
        Assert.NotEqual(models.Calendar.Card.Metrics.Coverage![0].Share, onAltered.Card.Metrics.Coverage![0].Share);
    }

    [Fact]
    public void Validation_slice_is_the_last_fifth_of_the_training_part()
    {
        var residuals = models.Calendar.Card.Residuals!;
        var trainingExamples = models.Calendar.Card.Data.TrainingExamples;
        Assert.InRange(residuals.Examples, (int)(0.18 * trainingExamples), (int)(0.22 * trainingExamples));
        Assert.Contains("validation slice", residuals.Source);
        Assert.Equal(ForecastResiduals.Grid().Select(ForecastResiduals.Key), residuals.Quantiles.Keys);
    }

    [Fact]
    public void Margin_rises_with_the_quantile_and_off_adds_nothing()
    {
        foreach (var model in new[] { models.Calendar, models.Recent })
        {
            var margins = Enumerable.Range(0, 99).Select(i => model.ProvisioningMargin(ProvisioningQuantile.Of(0.5 + i * 0.005))).ToArray();
            for (var i = 1; i < margins.Length; i++) Assert.True(margins[i] >= margins[i - 1], $"margin falls at {0.5 + i * 0.005}");
            Assert.True(margins[^1] > margins[0] + 1, "the 0.99 margin is well above the median's");
            Assert.Equal(0, model.ProvisioningMargin(ProvisioningQuantile.Off));
        }
    }

    [Fact]
    public void Hold_out_coverage_is_reported_at_0_9_and_0_95_and_is_near_the_quantile()
    {
        var coverage = models.Calendar.Card.Metrics.Coverage!;
        Assert.Equal([0.9, 0.95], coverage.Select(check => check.Quantile));
        Assert.Equal(models.Calendar.ProvisioningMargin(ProvisioningQuantile.Of(0.9)), coverage[0].Margin);
        Assert.True(coverage[1].Share >= coverage[0].Share);
        Assert.All(coverage, check => Assert.InRange(check.Share, check.Quantile - 0.1, 1.0));
    }

    [Fact]
    public void Quantiles_interpolate_between_order_statistics_and_between_grid_levels()
    {
        // Residuals 0, 1, ..., 100: the quantile at level p is 100 p.
        var residuals = ForecastResiduals.Of([.. Enumerable.Range(0, 101).Select(i => (double)(100 - i))], "test", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        Assert.Equal(90, residuals.Margin(ProvisioningQuantile.Of(0.9)), 9);
        Assert.Equal(50, residuals.Margin(ProvisioningQuantile.Of(0.5)), 9);
        Assert.Equal(99, residuals.Margin(ProvisioningQuantile.Of(0.99)), 9);
        Assert.Equal(92.5, residuals.Margin(ProvisioningQuantile.Of(0.925)), 9);
        Assert.Equal(101, residuals.Examples);
    }

    [Fact]
    public void Card_json_round_trip_keeps_residuals_and_coverage()
    {
        var card = models.Recent.Card;
        var json = ModelCardJson.Serialize(card);
        var read = ModelCardJson.DeserializeCard(json);

        Assert.Contains("\"residuals\"", json);
        Assert.Contains("\"0.95\":", json);
        Assert.Contains("\"coverage\"", json);
        Assert.Equal(card.Residuals!.Quantiles, read.Residuals!.Quantiles);
        Assert.Equal(card.Residuals.Source, read.Residuals.Source);
        Assert.Equal(card.Metrics.Coverage, read.Metrics.Coverage);
        Assert.Equal(json, ModelCardJson.Serialize(read));
    }

    [Fact]
    public void A_card_without_residuals_serves_only_off_and_names_the_setting_otherwise()
    {
        var old = models.Calendar.Card with { Residuals = null };
        Assert.Equal(0, ForecastResiduals.MarginFor(old, ProvisioningQuantile.Off));
        var error = Assert.Throws<SettingsException>(() => ForecastResiduals.MarginFor(old, ProvisioningQuantile.Of(0.9)));
        Assert.Equal(RecommendationCatalogue.ProvisionQuantile.Env, error.Key);
        Assert.Contains("retrain", error.Message);
    }

    [Theory]
    [InlineData("off", null)]
    [InlineData("OFF", null)]
    [InlineData("0", null)]
    [InlineData("0.5", 0.5)]
    [InlineData(" 0.9 ", 0.9)]
    [InlineData("0.99", 0.99)]
    public void Setting_accepts_off_zero_and_levels_from_0_5_to_0_99(string text, double? level) =>
        Assert.Equal(level, ProvisioningQuantile.Parse(RecommendationCatalogue.ProvisionQuantile.Env, text).Level);

    [Theory]
    [InlineData("0.3", "outside 0.5..0.99")]
    [InlineData("1", "outside 0.5..0.99")]
    [InlineData("-0.9", "outside 0.5..0.99")]
    [InlineData("90%", "not a quantile")]
    [InlineData("NaN", "not a quantile")]
    [InlineData("high", "not a quantile")]
    public void Setting_refuses_other_values_naming_the_variable(string text, string problem)
    {
        var error = Assert.Throws<SettingsException>(() =>
            RecommendationCatalogue.ProvisionQuantile.Read(EnvReader.From(new Dictionary<string, string> { [RecommendationCatalogue.ProvisionQuantile.Env] = text })));
        Assert.Equal(RecommendationCatalogue.ProvisionQuantile.Env, error.Key);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Unset_setting_takes_the_default()
    {
        Assert.Equal(0.95, RecommendationCatalogue.ProvisionQuantile.Read(EnvReader.Empty).Level);
        Assert.Throws<ArgumentOutOfRangeException>(() => ProvisioningQuantile.Of(0.995));
    }
}
