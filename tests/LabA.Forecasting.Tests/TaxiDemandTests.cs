namespace LabA.Forecasting.Tests;

public class TaxiDemandTests(TaxiOneStepModel taxi) : IClassFixture<TaxiOneStepModel>
{
    [Fact]
    public void Recent_model_beats_persistence_and_seasonal_naive_one_step_ahead()
    {
        Assert.Equal(2064, taxi.Model.Card.Data.EvaluationExamples);
        Assert.Contains(nameof(ForecastRow.WeekAgo), taxi.Model.Card.Features);
        TrainingTests.AssertBeatsPersistenceAndSeasonalNaive(taxi.Model.Card.Metrics);
    }

    [Fact]
    public void Baselines_on_the_taxi_holdout_match_the_published_reference()
    {
        var baselines = taxi.Model.Card.Metrics.Baselines.ToDictionary(baseline => baseline.Name, baseline => baseline.Mae);
        // Reference MAEs on the last 20%, one step ahead, rolling origin (as the backtest forecasts), given to the nearest unit.
        Assert.InRange(baselines["persistence"], 1190, 1192);
        Assert.InRange(baselines["seasonal-naive-day"], 3395, 3397);
        Assert.InRange(baselines["rolling-mean"], 1657, 1659);
    }
}
