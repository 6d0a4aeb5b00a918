using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

/// <summary>
/// The adaptive mix's shift guard on a short synthetic series: a flat level with noise that a clock expert forecasts
/// well and persistence less well, until the level jumps. The mix's weights learn of the jump only a horizon after it;
/// the guard hands the forecast to persistence within <see cref="AdaptiveBlend.ShiftSteps"/> observations of it.
/// </summary>
public class ShiftGuardTests
{
    private const int Horizon = 12;
    private const int Window = 12;
    private const double Eta = 8;
    private const double Threshold = 4;
    private const int ShiftIndex = 300;
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    /// <summary>30 ± 1 until <see cref="ShiftIndex"/>, 90 ± 1 from it on, with <paramref name="spike"/> (index, length) raised by 40.</summary>
    private static Observation[] Series(int count = 400, (int Start, int Length)? spike = null)
    {
        var random = new Random(5);
        var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var spiked = spike is { } s && i >= s.Start && i < s.Start + s.Length;
            return new Observation(start + i * Step, (i >= ShiftIndex ? 90 : 30) + (spiked ? 40 : 0) + 2 * (random.NextDouble() - 0.5));
        })];
    }

    private static AdaptiveBlend Mix(int shiftSteps) =>
        new([new Clock(30), new Baseline(ForecasterKinds.Persistence, "the last value at t", ForecasterKinds.Persistence, new Dictionary<string, double>(), 1,
            (values, anchor) => values[anchor].Value)], Window, Eta, Horizon, shiftSteps, Threshold);

    private static int[] Anchors(int from, int to) => [.. Enumerable.Range(from, to - from + 1)];

    [Fact]
    public void After_a_level_shift_the_guarded_mix_forecasts_the_last_observation_within_three_steps_where_the_weights_alone_take_a_horizon()
    {
        var observations = Series();
        var anchors = Anchors(ShiftIndex - 20, observations.Length - Horizon - 1);
        var guarded = Mix(AdaptiveBlend.ShiftSteps).ForecastAt(observations, anchors);
        var unguarded = Mix(0).ForecastAt(observations, anchors);
        double At(double[] forecasts, int anchor) => forecasts[anchor - anchors[0]];

        // Before the jump both serve the clock's level, and the guard changes nothing.
        for (var anchor = ShiftIndex - 20; anchor < ShiftIndex; anchor++)
        {
            Assert.Equal(At(unguarded, anchor), At(guarded, anchor));
            Assert.InRange(At(guarded, anchor), 29, 31);
        }
        // The third observation at the new level is the first the guard acts on: from then on the forecast is the new level.
        Assert.InRange(At(guarded, ShiftIndex + 1), 29, 65);
        for (var anchor = ShiftIndex + AdaptiveBlend.ShiftSteps - 1; anchor <= anchors[^1]; anchor++)
            Assert.InRange(At(guarded, anchor), 88, 92);
        Assert.Equal(observations[ShiftIndex + 2].Value, At(guarded, ShiftIndex + 2));
        // Without the guard the weights cannot favour persistence for a horizon after the jump: every expert missed the
        // targets since, so at best they count alike (half-way between the levels). They move once persistence's first
        // forecast from the new level is scored.
        for (var anchor = ShiftIndex; anchor < ShiftIndex + Horizon; anchor++)
            Assert.InRange(At(unguarded, anchor), 29, 65);
        Assert.InRange(At(unguarded, ShiftIndex + 2 * Horizon), 88, 92);
    }

    [Fact]
    public void A_spike_of_two_samples_does_not_trip_the_guard_and_one_of_three_does()
    {
        var two = Series(spike: (150, 2));
        var anchors = Anchors(140, 200);
        Assert.Equal(Mix(0).ForecastAt(two, anchors), Mix(AdaptiveBlend.ShiftSteps).ForecastAt(two, anchors));

        var three = Series(spike: (150, 3));
        var guarded = Mix(AdaptiveBlend.ShiftSteps).ForecastAt(three, anchors);
        Assert.Equal(three[152].Value, guarded[152 - anchors[0]]);
        Assert.InRange(guarded[153 - anchors[0]], 29, 31);
    }

    [Fact]
    public void One_forecast_asked_alone_is_the_batch_forecast_and_reads_nothing_after_its_origin()
    {
        var observations = Series();
        var mix = Mix(AdaptiveBlend.ShiftSteps);
        var anchors = Anchors(ShiftIndex - 5, ShiftIndex + 30);
        var batch = mix.ForecastAt(observations, anchors);
        for (var i = 0; i < anchors.Length; i++)
        {
            var anchor = anchors[i];
            var target = observations[anchor].Timestamp + Horizon * Step;
            Assert.Equal(batch[i], mix.Forecast(observations, anchor, target), 9);
            var scrambled = observations.Select((o, j) => j > anchor ? o with { Value = 1e6 * (j % 5) } : o).ToArray();
            Assert.Equal(batch[i], mix.Forecast(scrambled, anchor, target), 9);
        }
    }

    [Fact]
    public void The_guard_is_off_at_horizons_of_three_steps_or_fewer_and_its_reach_counts_in_the_history_read()
    {
        Assert.Equal(0, AdaptiveBlend.ShiftStepsFor(1));
        Assert.Equal(0, AdaptiveBlend.ShiftStepsFor(AdaptiveBlend.ShiftSteps));
        Assert.Equal(AdaptiveBlend.ShiftSteps, AdaptiveBlend.ShiftStepsFor(AdaptiveBlend.ShiftSteps + 1));
        // Persistence's one point, the window and a horizon; the guard's oldest origin is a horizon and two steps further back.
        Assert.Equal(1 + Horizon + Window - 1, Mix(0).HistoryPoints);
        Assert.Equal(1 + Horizon + Window - 1 + Horizon + AdaptiveBlend.ShiftSteps - 1, Mix(AdaptiveBlend.ShiftSteps).HistoryPoints);
        var observations = Series();
        var anchor = observations.Length - 1;
        var mix = Mix(AdaptiveBlend.ShiftSteps);
        // Exactly that many observations are enough.
        var needed = observations[(anchor - mix.HistoryPoints + 1)..];
        Assert.Equal(mix.Forecast(observations, anchor, observations[anchor].Timestamp + Horizon * Step),
            mix.Forecast(needed, needed.Length - 1, observations[anchor].Timestamp + Horizon * Step), 9);
    }

    [Fact]
    public void The_level_following_forecaster_is_guarded_alike_given_observations_and_forecasts_from_the_clock_without_them()
    {
        var observations = Series();
        var guarded = new LevelFollowing(new Clock(30), Window, 1, Horizon, AdaptiveBlend.ShiftSteps, Threshold);
        var unguarded = new LevelFollowing(new Clock(30), Window, 1, Horizon);
        Assert.Equal(Window + Horizon + AdaptiveBlend.ShiftSteps - 1, guarded.HistoryPoints);
        Assert.Equal(Window, unguarded.HistoryPoints);
        Assert.True(guarded.ObservationsOptional);

        var anchors = Anchors(ShiftIndex - 20, ShiftIndex + 40);
        var batch = guarded.ForecastAt(observations, anchors);
        var plain = unguarded.ForecastAt(observations, anchors);
        double At(double[] forecasts, int anchor) => forecasts[anchor - anchors[0]];
        for (var anchor = ShiftIndex - 20; anchor < ShiftIndex + 2; anchor++) Assert.Equal(At(plain, anchor), At(batch, anchor));
        // Three observations into the new level the window's mean has moved a quarter of the way; the guard takes the last observation.
        Assert.InRange(At(plain, ShiftIndex + 2), 40, 50);
        Assert.Equal(observations[ShiftIndex + 2].Value, At(batch, ShiftIndex + 2));
        for (var anchor = ShiftIndex + 2; anchor <= anchors[^1]; anchor++) Assert.InRange(At(batch, anchor), 88, 92);
        for (var i = 0; i < anchors.Length; i++)
            Assert.Equal(batch[i], guarded.Forecast(observations, anchors[i], observations[anchors[i]].Timestamp + Horizon * Step), 9);

        // Without observations: the clock, whatever the guard.
        var target = observations[ShiftIndex + 2].Timestamp + Horizon * Step;
        Assert.Equal(30, guarded.Forecast([], -1, target));
        // Fewer observations than the guard checks: the window's level as it is, unguarded.
        var few = observations[(ShiftIndex - 5)..(ShiftIndex + 3)];
        Assert.Equal(unguarded.Forecast(few, few.Length - 1, target), guarded.Forecast(few, few.Length - 1, target), 9);
    }

    /// <summary>A calendar expert: the same value at every time, read from the clock alone.</summary>
    private sealed class Clock(double level) : IPointForecaster
    {
        public string Kind => ForecasterKinds.HarmonicRegression;
        public int HistoryPoints => 0;
        public double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors) => [.. anchors.Select(_ => level)];
        public double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target) => level;
        public string? ServingProblem() => null;

        public void Dispose()
        {
        }
    }
}
