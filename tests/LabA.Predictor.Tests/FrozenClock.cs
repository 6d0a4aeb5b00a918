namespace LabA.Predictor.Tests;

/// <summary>A clock stopped at one instant.</summary>
public sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
