using LabA.Domain.Scaling;

namespace LabA.Domain.Tests;

public class ReactiveFloorTests
{
    private static readonly ReplicaMapping Mapping = ReplicaMapping.Create(1, 10, 20, 80);

    [Fact]
    public void A_burst_the_forecast_missed_raises_the_recommendation_to_the_observed_floor()
    {
        var floored = ReactiveFloor.Apply(Mapping, forecastReplicas: 2, observedLoad: 80);

        Assert.Equal(FloorWinner.Observed, floored.Winner);
        Assert.Equal(10, floored.Floor);
        Assert.Equal(10, floored.Replicas);
        Assert.Equal(2, floored.Forecast);
    }

    [Fact]
    public void A_forecast_above_the_observed_load_keeps_the_forecast()
    {
        var floored = ReactiveFloor.Apply(Mapping, forecastReplicas: 7, observedLoad: 30);

        Assert.Equal(FloorWinner.Forecast, floored.Winner);
        Assert.Equal(Mapping.Recommend(30), floored.Floor);
        Assert.Equal(7, floored.Replicas);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void An_unusable_observation_is_refused_rather_than_scaled_on(double observed)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReactiveFloor.Apply(Mapping, 3, observed));
    }

    [Fact]
    public void A_one_reading_spike_does_not_move_the_floor_but_a_rise_held_for_two_readings_does()
    {
        Assert.Equal(30, ReactiveFloor.SustainedLoad([30, 30, 95]));
        Assert.Equal(90, ReactiveFloor.SustainedLoad([30, 95, 90]));
        Assert.Equal(40, ReactiveFloor.SustainedLoad([40]));
    }

    [Fact]
    public void A_NaN_among_the_newest_readings_is_passed_on_so_that_Apply_refuses_it()
    {
        var load = ReactiveFloor.SustainedLoad([30, double.NaN]);
        Assert.True(double.IsNaN(load));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReactiveFloor.Apply(Mapping, 3, load));
    }
}
