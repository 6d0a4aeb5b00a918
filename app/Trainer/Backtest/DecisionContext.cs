using LabA.Domain.Scaling;

namespace LabA.Trainer.Backtest;

/// <summary>What a policy can see at a decision: the time, the Deployment's state, and the load up to now (never after).</summary>
public sealed class DecisionContext(
    DateTimeOffset now,
    int current,
    IReadOnlyList<StabilizationEntry> history,
    Func<DateTimeOffset, double> load,
    Func<DateTimeOffset, int> readyAt,
    Func<DateTimeOffset, int> existingReadySince)
{
    public DateTimeOffset Now { get; } = now;
    /// <summary>The Deployment's replica count (the scale subresource's spec), starting pods included.</summary>
    public int Current { get; } = current;
    public IReadOnlyList<StabilizationEntry> History { get; } = history;

    /// <summary>The actual load at an instant up to now; asking about the future is a bug in the policy.</summary>
    public double LoadAt(DateTimeOffset instant) => instant <= Now
        ? load(instant)
        : throw new InvalidOperationException($"a policy deciding at {Now:O} asked for the load at {instant:O}, which it cannot know yet");

    /// <summary>How many pods were ready (serving) at an instant up to now.</summary>
    public int ReadyAt(DateTimeOffset instant) => instant <= Now
        ? readyAt(instant)
        : throw new InvalidOperationException($"a policy deciding at {Now:O} asked for the ready pods at {instant:O}");

    /// <summary>How many of the pods that exist now had become ready by <paramref name="instant"/>.</summary>
    public int ExistingReadySince(DateTimeOffset instant) => existingReadySince(instant);
}
