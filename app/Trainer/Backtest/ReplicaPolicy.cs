using LabA.Domain.Scaling;

namespace LabA.Trainer.Backtest;

/// <summary>
/// A forecast of the load at <paramref name="target"/> made at <paramref name="origin"/>: it may use only what was known
/// at <paramref name="origin"/>. The backtest hands in LabA's model, or the actual series for the oracle.
/// </summary>
public delegate double LoadForecaster(DateTimeOffset origin, DateTimeOffset target);

/// <summary>
/// One way of sizing the Deployment. Policies are stateless: what they remember between decisions (the stabilization
/// window) travels in <see cref="DecisionContext.History"/> and back in <see cref="ScalingDecision.History"/>.
/// </summary>
public interface IReplicaPolicy
{
    string Name { get; }

    /// <summary>The instants in [<paramref name="from"/>, <paramref name="to"/>) at which the policy decides.</summary>
    IEnumerable<DateTimeOffset> DecisionTimes(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The replicas, all ready, at the start of the replay; dynamic policies start at the demand.</summary>
    int InitialReplicas(int demandAtStart);

    ScalingDecision Decide(DecisionContext context);
}

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
