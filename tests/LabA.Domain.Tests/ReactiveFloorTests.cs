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
}
