namespace LabA.Forecasting.Tests;

public class MetricsTests
{
    [Fact]
    public void Mae_rmse_and_r2_are_the_textbook_ones()
    {
        var metrics = Metrics.Of([2, 2, 6], [1, 3, 5]);
        Assert.Equal(1, metrics.Mae, 9);
        Assert.Equal(1, metrics.Rmse, 9);
        Assert.Equal(1 - 3.0 / 8.0, metrics.R2, 9);
    }
}
