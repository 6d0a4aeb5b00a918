using LabA.Domain.Scaling;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>What one policy cost and how often it fell short, over a replay.</summary>
public sealed record PolicyMetrics(
    /// <summary>Time during which fewer pods were ready than the load needed.</summary>
    double UnderProvisionedMinutes,
    /// <summary>The pods that existed (starting ones included: they are paid for), integrated over time: the cost.</summary>
    double ReplicaMinutes,
    /// <summary>Ready pods beyond the demand, integrated over time: capacity paid for and idle.</summary>
    double OverProvisionedReplicaMinutes,
    /// <summary>Missing ready pods below the demand, integrated over time: how deep the shortfalls were.</summary>
    double ShortfallReplicaMinutes,
    /// <summary>Decisions that changed the replica count.</summary>
    int ScaleChanges);

/// <summary>One policy's replay: its metrics and, at the start of each minute, its ready and existing pods.</summary>
public sealed record PolicyRun(string Name, PolicyMetrics Metrics, int[] ReadyByMinute, int[] ReplicasByMinute);

/// <summary>
/// Replays a window of a load series through a policy, one second at a time, on the <see cref="CapacityModel"/>:
/// a scale-up adds pods that become ready after the start-up delay, a scale-down removes pods at once (starting
/// pods first, as the ReplicaSet controller does). Demand at each instant is the shared replica mapping applied to
/// the actual load, which holds each observation's value until the next one.
/// </summary>
public sealed class CapacitySimulator
{
    private readonly LoadSeries _series;
    private readonly int[] _demandBySecond;

    public CapacitySimulator(LoadSeries series, DateTimeOffset from, DateTimeOffset to, ReplicaMapping mapping, CapacityModel capacity)
    {
        if (to <= from) throw new ArgumentException($"the replay must end after it starts ({from:O} .. {to:O})", nameof(to));
        if ((to - from).Ticks % TimeSpan.TicksPerSecond != 0)
            throw new ArgumentException("the replay must last a whole number of seconds", nameof(to));
        if (capacity.StartupDelay < TimeSpan.Zero || capacity.StartupDelay.Ticks % TimeSpan.TicksPerSecond != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), "the start-up delay must be a whole number of seconds >= 0");
        _series = series;
        From = from;
        To = to;
        Mapping = mapping;
        Capacity = capacity;
        _demandBySecond = new int[(int)(to - from).TotalSeconds];
        for (var second = 0; second < _demandBySecond.Length; second++)
            _demandBySecond[second] = mapping.Recommend(LoadAt(from.AddSeconds(second)));
    }

    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }
    public ReplicaMapping Mapping { get; }
    public CapacityModel Capacity { get; }
    public int Seconds => _demandBySecond.Length;
    public int Minutes => (Seconds + 59) / 60;

    /// <summary>The replicas the actual load needs during a second of the replay (0 = the second starting at <see cref="From"/>).</summary>
    public int DemandAtSecond(int second) => _demandBySecond[second];

    /// <summary>
    /// The actual load at an instant: the value of the observation whose step covers it (the first one before the
    /// series starts, the last one after it ends).
    /// </summary>
    public double LoadAt(DateTimeOffset instant)
    {
        var index = (long)Math.Floor((instant - _series.Start) / _series.Step);
        return _series.Observations[(int)Math.Clamp(index, 0, _series.Count - 1)].Value;
    }

    public PolicyRun Run(IReplicaPolicy policy)
    {
        var initial = policy.InitialReplicas(_demandBySecond[0]);
        // Ready times in seconds from From, ascending (every scale-up adds pods with the same delay, in time order).
        var pods = Enumerable.Repeat(long.MinValue, initial).ToList();
        var readyHistory = new int[Seconds];
        var readyByMinute = new int[Minutes];
        var replicasByMinute = new int[Minutes];
        // As if the starting count had just been recommended: no policy may shed it the moment the replay begins.
        var history = (IReadOnlyList<StabilizationEntry>)[new StabilizationEntry(From, initial)];
        long underSeconds = 0, podSeconds = 0, overPodSeconds = 0, shortPodSeconds = 0;
        var changes = 0;
        var delay = (long)Capacity.StartupDelay.TotalSeconds;

        int ReadyCount(long second)
        {
            var count = 0;
            while (count < pods.Count && pods[count] <= second) count++;
            return count;
        }
        long SecondOf(DateTimeOffset instant) => (long)Math.Floor((instant - From).TotalSeconds);

        using var decisions = policy.DecisionTimes(From, To).GetEnumerator();
        var pending = decisions.MoveNext() ? decisions.Current : (DateTimeOffset?)null;
        for (var second = 0; second < Seconds; second++)
        {
            var now = From.AddSeconds(second);
            while (pending is { } decisionTime && decisionTime <= now)
            {
                var current = second;
                var context = new DecisionContext(
                    decisionTime,
                    pods.Count,
                    history,
                    LoadAt,
                    instant =>
                    {
                        var at = SecondOf(instant);
                        return at < 0 ? initial : at < current ? readyHistory[at] : ReadyCount(at);
                    },
                    instant => ReadyCount(SecondOf(instant)));
                var decision = policy.Decide(context);
                history = decision.History;
                if (decision.Desired > pods.Count)
                    pods.AddRange(Enumerable.Repeat(second + delay, decision.Desired - pods.Count));
                else if (decision.Desired < pods.Count)
                    pods.RemoveRange(decision.Desired, pods.Count - decision.Desired); // the latest to be ready go first
                if (decision.Desired != decision.Current) changes++;
                pending = decisions.MoveNext() ? decisions.Current : null;
            }

            var ready = ReadyCount(second);
            var demand = _demandBySecond[second];
            readyHistory[second] = ready;
            podSeconds += pods.Count;
            if (ready < demand)
            {
                underSeconds++;
                shortPodSeconds += demand - ready;
            }
            else overPodSeconds += ready - demand;
            if (second % 60 == 0)
            {
                readyByMinute[second / 60] = ready;
                replicasByMinute[second / 60] = pods.Count;
            }
        }

        var metrics = new PolicyMetrics(underSeconds / 60.0, podSeconds / 60.0, overPodSeconds / 60.0, shortPodSeconds / 60.0, changes);
        return new PolicyRun(policy.Name, metrics, readyByMinute, replicasByMinute);
    }
}
