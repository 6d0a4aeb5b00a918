namespace LabA.Domain.Scaling;

/// <summary>
/// The decision rules, as the Kubernetes HPA applies them: clamp to the bounds, hold scale-downs to the highest
/// recommendation seen within the stabilization window, limit each step, and never leave the bounds.
/// Pure, so that the Scaler and the backtest replay exactly the same decisions.
/// </summary>
public static class ScalingPolicy
{
    /// <param name="neededUntil">The last instant <paramref name="recommended"/> was made for (default <paramref name="now"/>,
    /// as for the HPA's readings of current load). The stabilization window counts back from there, not from the decision:
    /// otherwise a forecast reaching further ahead than the window would be forgotten before the load it was made for has
    /// passed, and a later decision would shed that capacity early (the backtest measured exactly that).</param>
    public static ScalingDecision Decide(
        ScalingRules rules,
        int current,
        int recommended,
        DateTimeOffset now,
        IEnumerable<StabilizationEntry> history,
        DateTimeOffset? neededUntil = null)
    {
        var mapping = rules.Mapping;
        var clamped = mapping.Clamp(recommended);
        var windowStart = now - rules.ScaleDownStabilization;
        var kept = history
            .Where(r => r.NeededUntil > windowStart)
            .Append(new StabilizationEntry(neededUntil ?? now, clamped))
            .OrderBy(r => r.NeededUntil)
            .ToList();

        string reason;
        int desired;
        if (clamped >= current)
        {
            desired = clamped;
            reason = clamped == recommended ? "recommendation" : $"recommendation {recommended} clamped to [{mapping.MinReplicas}, {mapping.MaxReplicas}]";
        }
        else
        {
            // Scale down only as far as the highest recommendation within the window allows: a brief dip
            // in the forecast must not shed capacity that the next decision wants back.
            var highest = kept.Max(r => r.Replicas);
            desired = Math.Min(current, highest);
            reason = highest > clamped
                ? $"scale-down stabilization: highest recommendation needed within the last {Settings.Durations.Format(rules.ScaleDownStabilization)} is {highest}"
                : "recommendation";
        }

        // In long: a step meant as "unlimited" (int.MaxValue) must not wrap around and invert the range.
        var stepped = (int)Math.Clamp(desired, (long)current - rules.MaxScaleDownStep, (long)current + rules.MaxScaleUpStep);
        if (stepped != desired)
        {
            reason += $"; step limited to {(stepped > current ? "+" + rules.MaxScaleUpStep : "-" + rules.MaxScaleDownStep)}";
            desired = stepped;
        }

        // The bounds win over every other rule: a Deployment found outside them is brought back at once.
        var bounded = mapping.Clamp(desired);
        if (bounded != desired)
        {
            reason += $"; brought within [{mapping.MinReplicas}, {mapping.MaxReplicas}]";
            desired = bounded;
        }

        var action = desired > current ? ScalingAction.ScaleUp : desired < current ? ScalingAction.ScaleDown : ScalingAction.None;
        return new ScalingDecision(current, recommended, desired, action, reason, kept);
    }
}
