namespace LabA.Trainer.Backtest;

/// <summary>
/// The UTC calendar day of a replay that the chart zooms into: the one where the reactive policy (the Kubernetes HPA)
/// started the most minutes with fewer ready pods than the load needed, which is where predictive scaling has to prove
/// itself. Ties go to the day that needed more replica-minutes, then to the earlier day, so the choice is the same on
/// every run. A day at either end of the replay counts only its replayed minutes.
/// </summary>
public sealed record BusiestDay(DateOnly Date, int FirstMinute, int MinuteCount, int ReactiveUnderProvisionedMinutes)
{
    public static BusiestDay Of(ReplayResult result) =>
        Of(result.Minutes, result.Demand, result.Policy(PolicyReplay.Reactive).ReadyByMinute);

    /// <summary>Picks the day from each minute's start time, demand and reactive ready pods (three lists of the same length).</summary>
    public static BusiestDay Of(IReadOnlyList<DateTimeOffset> minutes, IReadOnlyList<int> demand, IReadOnlyList<int> reactiveReady)
    {
        if (minutes.Count == 0) throw new ArgumentException("a replay has at least one minute", nameof(minutes));
        if (demand.Count != minutes.Count || reactiveReady.Count != minutes.Count)
            throw new ArgumentException($"{minutes.Count} minutes, {demand.Count} demand values and {reactiveReady.Count} ready counts differ");

        return Enumerable.Range(0, minutes.Count)
            .GroupBy(m => DateOnly.FromDateTime(minutes[m].UtcDateTime))
            .Select(day => (
                Day: new BusiestDay(day.Key, day.First(), day.Count(), day.Count(m => reactiveReady[m] < demand[m])),
                Needed: day.Sum(m => (long)demand[m])))
            .OrderByDescending(day => day.Day.ReactiveUnderProvisionedMinutes)
            .ThenByDescending(day => day.Needed)
            .ThenBy(day => day.Day.Date)
            .First().Day;
    }
}
