using System.Text.Json;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Series;
using LabA.Forecasting.Synthetic;
using LabA.Trainer.Backtest;
using LabA.Trainer.Retraining;

namespace LabA.Trainer.Tests.Backtest;

/// <summary>
/// The learning loop replayed: each retrain reads only the history before its instant, and on a load whose level shifts
/// the retrained closed loop recovers where the same replay with the first model frozen keeps under-provisioning.
/// </summary>
/// <remarks>Weeks of training replayed end to end (a minute of CPU): the full suite's, not the fast lane's (Category Replay).</remarks>
[Trait("Category", "Replay")]
public sealed class RetrainingReplayTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Shift = Start.AddDays(6);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    /// <summary>Daily retrains on the last five days (the least a retrain accepts), with a calendar FastTree that cannot see the level move.</summary>
    private static readonly RetrainingOptions Daily = new(TimeSpan.FromDays(1), TimeSpan.FromDays(5), new ChallengeSettings
    {
        Margin = Defaults.PromotionMargin,
        Trainer = Trainers.FastTree,
        RollingWindow = TimeSpan.FromHours(1),
        HoldoutFraction = 0.2,
    });

    /// <summary>Twelve days of a daily cycle at five-minute steps, lifted by <paramref name="lift"/> from <paramref name="shiftAt"/> to the end.</summary>
    private static LoadSeries Load(DateTimeOffset shiftAt, double lift) => SyntheticLoad.Generate(new SyntheticLoadOptions
    {
        Days = 12,
        Start = Start,
        Step = Step,
        Weekly = false,
        BaseLow = 15,
        BaseHigh = 45,
        NoiseStd = 2,
        SpikeProbability = 0,
        SurgeAt = shiftAt,
        SurgeDuration = Start.AddDays(12) - shiftAt,
        Surge = lift,
    });

    /// <summary>The backtest's --model: trained on the six days before the shift; the replay takes its features and horizon.</summary>
    private static ForecastModel BacktestModel(LoadSeries series, string directory) =>
        Training.TrainToDirectory(RetrainingReplay.HistoryBefore(series, Shift, TimeSpan.FromDays(6))!,
            new TrainingOptions { Trainer = Trainers.FastTree, FeatureSet = FeatureSpec.CalendarName }, directory);

    [Fact]
    public void Each_retrain_reads_only_the_history_before_its_instant()
    {
        // Equal up to day 8, then one of them jumps by 40: nothing of the jump may reach the retrains at or before day 8.
        var calm = Load(Start.AddDays(11), 0.001);
        var jump = Load(Start.AddDays(8), 40);
        using var shape = BacktestModel(calm, TrainerProcess.NewWorkingDirectory());
        using var calmReplay = RetrainingReplay.Run(calm, shape, Shift, Start.AddDays(12), Daily);
        using var jumpReplay = RetrainingReplay.Run(jump, shape, Shift, Start.AddDays(12), Daily);

        // The first model at the start of the replay, then one retrain a day.
        Assert.Equal(6, calmReplay.Days.Count);
        Assert.Equal(RetrainingReplay.First, calmReplay.Days[0].Decision);
        Assert.Equal(Enumerable.Range(0, 6).Select(day => Shift.AddDays(day)), calmReplay.Days.Select(day => day.At));
        foreach (var day in calmReplay.Days.Concat(jumpReplay.Days))
        {
            Assert.True(day.HistoryTo < day.At, $"{day.At:O} read up to {day.HistoryTo:O}");
            Assert.Equal(day.At - Daily.Range, day.HistoryFrom);
            Assert.Equal(day.At - Step, day.HistoryTo);
        }
        // Up to day 8 the two histories are the same, and so is every retrain's result; after it they part.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(calmReplay.Days[i].ChallengerMae, jumpReplay.Days[i].ChallengerMae);
            Assert.Equal(calmReplay.Days[i].Decision, jumpReplay.Days[i].Decision);
        }
        Assert.NotEqual(calmReplay.Days[3].ChallengerMae, jumpReplay.Days[3].ChallengerMae);
        // The model serving on day 8 forecasts day 8 the same in both: it was trained before the jump.
        var day8 = Start.AddDays(8).AddHours(12);
        Assert.Equal(calmReplay.ServingAt(day8).Predict(day8), jumpReplay.ServingAt(day8).Predict(day8), 9);
    }

    [Fact]
    public void After_a_level_shift_the_retrained_loop_recovers_and_the_frozen_one_keeps_under_provisioning()
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        var series = Load(Shift, 30);
        var data = Path.Combine(directory, "shift.csv");
        SeriesCsv.Write(data, series);
        var modelDirectory = Path.Combine(directory, "model");
        BacktestModel(series, modelDirectory).Dispose();

        var request = BacktestRequest.FromScalerEnvironment(modelDirectory, data, Path.Combine(directory, "out")) with
        {
            From = Shift,
            LoadUnit = LoadScale.Cpu,
            Retraining = Daily,
        };
        var outcome = BacktestJob.Run(request);

        var result = outcome.Result;
        Assert.Equal(
            [PolicyReplay.Predictive, PolicyReplay.Calibrated, PolicyReplay.Frozen, PolicyReplay.Retrained, PolicyReplay.OpenLoop, PolicyReplay.Reactive, PolicyReplay.Oracle,
             PolicyReplay.StaticMax, PolicyReplay.StaticMean],
            result.Policies.Select(policy => policy.Name));
        var days = outcome.RetrainDays!;
        Assert.Equal(6, days.Count);
        var frozen = result.Policy(PolicyReplay.Frozen);
        var retrained = result.Policy(PolicyReplay.Retrained);
        int ShortMinutes(PolicyRun run, int day) => Enumerable.Range(day * 1440, 1440).Count(minute => run.ReadyByMinute[minute] < result.Demand[minute]);
        var perDay = string.Join("; ", days.Select((day, i) =>
            $"{day.At:MM-dd} {day.Decision} MAE {day.ChallengerMae:0.##} vs {day.ChampionMae:0.##}, short {ShortMinutes(retrained, i)} vs frozen {ShortMinutes(frozen, i)} min"));

        // The first retrain whose training part holds the new level replaces the first model, which the newest slice shows far off.
        var promoted = days.Select((day, i) => (Day: day, Index: i)).First(entry => entry.Day.Decision == RetrainingReplay.Promoted);
        Assert.True(promoted.Day.ChampionMae > 5 * promoted.Day.ChallengerMae, perDay);
        Assert.True(promoted.Day.At > Shift + TimeSpan.FromDays(1), perDay);
        // From then on the retrained loop forecasts the new level; the frozen one still lags every rise by the lead time.
        Assert.True(ShortMinutes(frozen, promoted.Index) >= 30, perDay);
        Assert.True(ShortMinutes(retrained, promoted.Index) * 4 <= ShortMinutes(frozen, promoted.Index), perDay);
        Assert.True(retrained.Metrics.UnderProvisionedMinutes < 0.6 * frozen.Metrics.UnderProvisionedMinutes, perDay);
        // Before the first promotion both rows are the same replay.
        for (var i = 0; i < promoted.Index; i++) Assert.Equal(ShortMinutes(frozen, i), ShortMinutes(retrained, i));

        // The rows are reported, with each retrain's decision.
        using var json = JsonDocument.Parse(BacktestReport.ToJson(outcome));
        var policies = json.RootElement.GetProperty("policies").EnumerateArray().Select(policy => policy.GetProperty("name").GetString()).ToArray();
        Assert.Contains(PolicyReplay.Retrained, policies);
        var retraining = json.RootElement.GetProperty("retraining");
        Assert.Equal("1d", retraining.GetProperty("every").GetString());
        Assert.Equal(6, retraining.GetProperty("retrains").GetArrayLength());
        Assert.Contains(RetrainingReplay.Promoted, retraining.GetProperty("retrains").EnumerateArray().Select(day => day.GetProperty("decision").GetString()));
    }

    [Fact]
    public void The_history_before_an_instant_inside_a_gap_holds_no_point_filled_towards_a_later_one()
    {
        // 10:00..10:05 measured, 10:06..10:09 missing (filled towards 10:10's 50), 10:10 measured.
        var csv = "timestamp,value\n" + string.Join("\n", new[] { 0, 1, 2, 3, 4, 5, 10 }.Select(minute => $"2025-01-06T10:{minute:00}:00Z,{(minute == 10 ? 50 : 10)}"));
        var series = SeriesCsv.Read(new StringReader(csv), "gap.csv");
        Assert.Equal(11, series.Count);

        var insideGap = RetrainingReplay.HistoryBefore(series, new DateTimeOffset(2025, 1, 6, 10, 8, 0, TimeSpan.Zero), TimeSpan.FromHours(1))!;
        Assert.Equal(new DateTimeOffset(2025, 1, 6, 10, 5, 0, TimeSpan.Zero), insideGap.End);
        Assert.All(insideGap.Observations, observation => Assert.Equal(10, observation.Value));

        // Once the point closing the gap is before the instant, the filled points are known and kept.
        var afterGap = RetrainingReplay.HistoryBefore(series, new DateTimeOffset(2025, 1, 6, 10, 11, 0, TimeSpan.Zero), TimeSpan.FromMinutes(8))!;
        Assert.Equal(new DateTimeOffset(2025, 1, 6, 10, 3, 0, TimeSpan.Zero), afterGap.Start);
        Assert.Equal(8, afterGap.Count);
        Assert.Equal(50, afterGap.Observations[^1].Value);
    }
}
