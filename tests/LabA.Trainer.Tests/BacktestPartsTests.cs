using LabA.Domain.Settings;
using LabA.Forecasting;
using LabA.Forecasting.Series;
using LabA.Forecasting.Synthetic;
using LabA.Trainer.Backtest;

namespace LabA.Trainer.Tests;

public class BacktestPartsTests
{
    private static readonly DateTimeOffset Start = new(2014, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private static LoadSeries Passengers(params double[] values) => LoadSeries.Create(
        [.. values.Select((v, i) => new Observation(Start.AddMinutes(30 * i), v))], "taxi.csv", "value");

    [Fact]
    public void A_non_cpu_series_is_read_as_percent_of_its_maximum_before_the_replay()
    {
        var series = Passengers(1000, 4000, 2000, 8000);
        var scale = LoadScale.Choose(LoadScale.Auto, series, Start.AddMinutes(90));

        Assert.Equal(4000, scale.Divisor); // 8000 comes inside the replay and is not known yet
        Assert.Equal(50, scale.ToPercent(2000));
        Assert.Equal(200, scale.Apply(series).Observations[3].Value);
        Assert.Contains("% of 4000", scale.Description);
    }

    [Fact]
    public void A_cpu_series_is_used_as_it_is_unless_asked_otherwise()
    {
        var series = Passengers(10, 40, 20, 80);
        Assert.True(LoadScale.Choose(LoadScale.Auto, series, Start.AddMinutes(90)).IsIdentity);
        Assert.Equal(25, LoadScale.Choose(LoadScale.PercentOfMax, series, Start.AddMinutes(90)).ToPercent(10));
    }

    [Fact]
    public void The_model_forecaster_sees_no_observation_after_its_origin()
    {
        var options = new SyntheticLoadOptions { Days = 2, Seed = 4 };
        var series = SyntheticLoad.Generate(options);
        using var model = Training.Train(series, new TrainingOptions { FeatureSet = FeatureSpec.RecentName });
        var origin = series.Start.AddHours(30);
        // The same history up to the origin, a wildly different future.
        var altered = LoadSeries.Create(
            [.. series.Observations.Select(o => o.Timestamp > origin ? o with { Value = 100 - o.Value } : o)], "altered", series.ValueName);
        var scale = LoadScale.Choose(LoadScale.Cpu, series, origin);

        var forecast = ModelForecaster.Create(model, series, scale, provisioningMargin: 0);
        var forecastOnAltered = ModelForecaster.Create(model, altered, scale, provisioningMargin: 0);
        foreach (var minutesAhead in new[] { 5, 6, 7 })
            Assert.Equal(forecast(origin, origin.AddMinutes(minutesAhead)), forecastOnAltered(origin, origin.AddMinutes(minutesAhead)));
        Assert.Equal(model.Predict(origin.AddMinutes(5), series.Observations), forecast(origin, origin.AddMinutes(5)), 9);
    }

    [Fact]
    public void A_higher_provisioning_quantile_gives_the_predictive_policy_more_capacity_and_leaves_the_oracle_alone()
    {
        var series = SyntheticLoad.Generate(new SyntheticLoadOptions { Days = 3, Seed = 5 });
        // A calendar ML model, so that the last forecast can be asked by clock time alone.
        using var model = Training.Train(series, new TrainingOptions { Trainer = Trainers.FastTree });
        var options = new BacktestOptions(LabA.Domain.Scaling.ScalingRules.Default, CapacityModel.Default, HpaSettings.Default);
        var scale = LoadScale.Choose(LoadScale.Cpu, series, model.Card.Metrics.From);
        var runs = new[] { ProvisioningQuantile.Off, ProvisioningQuantile.Of(0.8), ProvisioningQuantile.Of(0.95) }
            .Select(quantile =>
            {
                var margin = model.ProvisioningMargin(quantile);
                var result = PolicyReplay.Run(series, model.Card.Metrics.From, series.End + series.Step, ModelForecaster.Create(model, series, scale, margin), options);
                Assert.Equal(model.Predict(series.End) + margin, result.Forecast[^1], 9);
                return result;
            })
            .ToArray();

        var predictive = runs.Select(run => run.Policy(PolicyReplay.Predictive).Metrics).ToArray();
        Assert.True(predictive[0].ReplicaMinutes < predictive[1].ReplicaMinutes && predictive[1].ReplicaMinutes < predictive[2].ReplicaMinutes,
            string.Join(" < ", predictive.Select(m => m.ReplicaMinutes)));
        Assert.True(predictive[2].UnderProvisionedMinutes < predictive[0].UnderProvisionedMinutes);
        Assert.All(runs, run => Assert.Equal(runs[0].Policy(PolicyReplay.Oracle).Metrics, run.Policy(PolicyReplay.Oracle).Metrics));
    }

    [Fact]
    public void The_chart_is_a_png_of_the_stated_size()
    {
        // Less than a day, the plain forecast: the zoom shows the whole replay again, and no margin band.
        var series = SyntheticLoad.Generate(new SyntheticLoadOptions { Days = 1, Seed = 2 });
        var result = Replay(series, series.Start.AddHours(20), (_, _) => 50);
        var path = Path.Combine(TrainerProcess.NewWorkingDirectory(), "chart.png");

        BacktestChart.Write(path, result, "test", LoadScale.Choose(LoadScale.Cpu, series, result.From), ProvisioningQuantile.Off, margin: 0);

        BacktestCommandTests.AssertPng(path, BacktestChart.Width, BacktestChart.Height);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void A_replay_of_several_days_of_a_scaled_series_with_a_margin_is_charted_at_the_stated_size()
    {
        var passengers = SyntheticLoad.Generate(new SyntheticLoadOptions { Days = 4, Seed = 3, Step = TimeSpan.FromMinutes(30) });
        var from = passengers.Start.AddHours(30);
        var scale = LoadScale.Choose(LoadScale.PercentOfMax, passengers, from);
        // The actual value plus the margin, as a perfect model would forecast with it.
        var result = Replay(scale.Apply(passengers), from,
            (_, target) => scale.ToPercent(passengers.Observations[Math.Min((int)((target - passengers.Start) / passengers.Step), passengers.Count - 1)].Value + 12));
        var path = Path.Combine(TrainerProcess.NewWorkingDirectory(), "nested", "chart.png");

        BacktestChart.Write(path, result, "scaled", scale, ProvisioningQuantile.Of(0.9), margin: 12);

        Assert.True(BusiestDay.Of(result).MinuteCount < result.Minutes.Count);
        BacktestCommandTests.AssertPng(path, BacktestChart.Width, BacktestChart.Height);
    }

    private static ReplayResult Replay(LoadSeries series, DateTimeOffset from, LoadForecaster forecaster)
    {
        var options = new BacktestOptions(LabA.Domain.Scaling.ScalingRules.Default, CapacityModel.Default, HpaSettings.Default);
        return PolicyReplay.Run(series, from, series.End + series.Step, forecaster, options);
    }
}
