using LabA.Domain.Scaling;

namespace LabA.Domain.Tests;

public class ForecastWindowTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 14, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 1, new[] { 0 })]
    [InlineData(2, 1, new[] { 0, 1, 2 })]
    [InlineData(5, 2, new[] { 0, 2, 4, 5 })] // the end is asked even when the step overshoots it
    [InlineData(1, 5, new[] { 0, 1 })]
    public void Covers_every_step_and_the_end(int windowMinutes, int stepMinutes, int[] expectedMinutes)
    {
        var targets = ForecastWindow.Targets(Start, TimeSpan.FromMinutes(windowMinutes), TimeSpan.FromMinutes(stepMinutes));
        Assert.Equal(expectedMinutes.Select(m => Start.AddMinutes(m)), targets);
    }

    [Fact]
    public void A_step_of_zero_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ForecastWindow.Targets(Start, TimeSpan.FromMinutes(2), TimeSpan.Zero).ToList());
}
