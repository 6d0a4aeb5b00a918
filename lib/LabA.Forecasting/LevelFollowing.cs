using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>
/// A calendar profile that follows the level of recent observations when it is given them: the forecast for a target is
/// the profile's value there plus <see cref="Weight"/> times the mean of (observed − profile) over the last
/// <see cref="WindowSteps"/> observations up to the origin. Without observations it is the profile alone, so a cluster
/// with no history yet is served from the clock (GET), and one that can observe is served from its observations (POST).
/// A level that moved after training (a resized fleet, a new tenant) is forecast where it stands now, not where it stood
/// when the profile was fitted; the window is short (minutes to an hour) so a fresh cluster has it within the hour.
/// The window is chosen at the model's horizon on the validation slice; the weight is the whole level (<see cref="Weights"/>).
/// <para>
/// A window's mean takes the window to reach a new level. At horizons over <see cref="AdaptiveBlend.ShiftSteps"/> steps,
/// given observations, the adaptive mix's shift guard (<see cref="AdaptiveBlend.Shifted"/>) applies here too: where the
/// last few observations all lie beyond the threshold from this forecaster's own forecasts of them, on one side, the
/// forecast is the last observation until its own forecasts catch up. Without observations nothing changes: the clock.
/// </para>
/// </summary>
internal sealed class LevelFollowing : IPointForecaster
{
    public const string WindowKey = "windowSteps";
    public const string WeightKey = "weight";
    /// <summary>The card's settings name the calendar profile under this key.</summary>
    public const string ProfileKey = "profile";
    /// <summary>The windows training tries: short enough that a fresh cluster fills them within the hour.</summary>
    public static readonly IReadOnlyList<TimeSpan> Windows = [TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)];
    /// <summary>
    /// The shares of the recent level training tries: the whole of it. A validation slice without a level shift rewards a
    /// partial share for smoothing noise (by a percent or two), and that share then forecasts a real shift short by the
    /// rest of it, the very failure this forecaster is for. A saved model may carry any share in (0, 1].
    /// </summary>
    public static readonly IReadOnlyList<double> Weights = [1];
    private const int MaxWindowSteps = 10_000;

    public LevelFollowing(IPointForecaster profile, int windowSteps, double weight, int horizonSteps = 0, int shiftSteps = 0, double shiftThreshold = 0)
    {
        if (profile.HistoryPoints != 0)
            throw new ForecasterRecipeException($"{ForecasterKinds.LevelFollowing}: its profile must be a calendar forecaster (no history), not {profile.Kind}");
        if (windowSteps is < 1 or > MaxWindowSteps)
            throw new ForecasterRecipeException($"{ForecasterKinds.LevelFollowing}: parameter '{WindowKey}' must be a whole number from 1 to {MaxWindowSteps}");
        if (!double.IsFinite(weight) || weight is <= 0 or > 1)
            throw new ForecasterRecipeException($"{ForecasterKinds.LevelFollowing}: parameter '{WeightKey}' must be above 0 and at most 1");
        AdaptiveBlend.CheckGuard(ForecasterKinds.LevelFollowing, shiftSteps, shiftThreshold);
        Profile = profile;
        WindowSteps = windowSteps;
        Weight = weight;
        HorizonSteps = horizonSteps;
        ShiftStepsInUse = shiftSteps;
        ShiftThreshold = shiftSteps > 0 ? shiftThreshold : 0;
    }

    public IPointForecaster Profile { get; }
    public int WindowSteps { get; }
    public double Weight { get; }
    public int HorizonSteps { get; }
    /// <summary>The shift guard's observations in a row; 0 where the guard is off.</summary>
    public int ShiftStepsInUse { get; }
    public double ShiftThreshold { get; }
    public string Kind => ForecasterKinds.LevelFollowing;
    /// <summary>
    /// The observations it uses when given: the window and, with the guard, the horizon and steps before it the guard
    /// checks. Fewer (a cluster observed for less than that) are used as they are, the guard only once it has its own.
    /// </summary>
    public int HistoryPoints => WindowSteps + AdaptiveBlend.GuardReach(HorizonSteps, ShiftStepsInUse);
    public bool ObservationsOptional => true;

    public IReadOnlyDictionary<string, double> Parameters =>
        AdaptiveBlend.WithGuard(new Dictionary<string, double> { [WindowKey] = WindowSteps, [WeightKey] = Weight }, ShiftStepsInUse, ShiftThreshold);

    /// <summary>
    /// Whether <paramref name="forecaster"/>'s forecast moves with a shift of the recent level: this one, persistence and
    /// the rolling mean do; an adaptive mix does where one of its experts does (its weights move there after a shift);
    /// a fixed blend only where every part does. A calendar profile, seasonal naive and Holt-Winters' slow level do not.
    /// </summary>
    public static bool Follows(IPointForecaster forecaster) => forecaster switch
    {
        LevelFollowing => true,
        AdaptiveBlend adaptive => adaptive.Experts.Any(Follows),
        Blend blend => blend.Parts.All(part => Follows(part.Forecaster)),
        _ => forecaster.Kind is ForecasterKinds.Persistence or ForecasterKinds.RollingMean,
    };

    /// <summary>The window steps <see cref="Windows"/> give at <paramref name="step"/>, each at least one step, without repeats.</summary>
    public static int[] WindowStepsFor(TimeSpan step) => [.. Windows.Select(window => (int)Math.Max(1, window.Ticks / step.Ticks)).Distinct()];

    public double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors)
    {
        var forecasts = new double[anchors.Count];
        // The profile at each observation a window reads, computed once however many windows overlap it.
        var profileAt = new Dictionary<int, double>();
        double ProfileAt(int index) => profileAt.TryGetValue(index, out var value) ? value : profileAt[index] = Profile.Forecast([], -1, observations[index].Timestamp);
        for (var i = 0; i < anchors.Count; i++) forecasts[i] = Level(observations, anchors[i], ProfileAt);
        var targets = Profile.ForecastAt(observations, anchors);
        for (var i = 0; i < anchors.Count; i++) forecasts[i] = targets[i] + Weight * forecasts[i];
        if (ShiftStepsInUse == 0) return forecasts;
        // The guard reads this forecaster's own forecasts of the last few observations, each made one horizon before it.
        var own = new Dictionary<int, double>();
        double OwnAt(int origin) => own.TryGetValue(origin, out var value)
            ? value
            : own[origin] = Profile.Forecast([], -1, observations[origin + HorizonSteps].Timestamp) + Weight * Level(observations, origin, ProfileAt);
        for (var i = 0; i < anchors.Count; i++)
            if (Guarded(observations, anchors[i], OwnAt)) forecasts[i] = observations[anchors[i]].Value;
        return forecasts;
    }

    public double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target)
    {
        var profile = Profile.Forecast([], -1, target);
        if (anchor < 0 || observations.Count == 0) return profile;
        double ProfileAt(int index) => Profile.Forecast([], -1, observations[index].Timestamp);
        if (Guarded(observations, anchor, origin => ProfileAt(origin + HorizonSteps) + Weight * Level(observations, origin, ProfileAt)))
            return observations[anchor].Value;
        return profile + Weight * Level(observations, anchor, ProfileAt);
    }

    /// <summary>Whether the shift guard takes the last observation at <paramref name="anchor"/>: only with the observations it checks.</summary>
    private bool Guarded(IReadOnlyList<Observation> observations, int anchor, Func<int, double> ownAt) =>
        ShiftStepsInUse > 0 && anchor - HorizonSteps - ShiftStepsInUse + 1 >= 0
        && AdaptiveBlend.Shifted(observations, anchor, HorizonSteps, ShiftStepsInUse, ShiftThreshold, ownAt);

    /// <summary>The mean of observed − profile over the window ending at <paramref name="anchor"/>: nothing after the origin is read.</summary>
    private double Level(IReadOnlyList<Observation> observations, int anchor, Func<int, double> profileAt)
    {
        var first = Math.Max(0, anchor - WindowSteps + 1);
        var sum = 0.0;
        for (var i = first; i <= anchor; i++) sum += observations[i].Value - profileAt(i);
        return sum / (anchor - first + 1);
    }

    public string? ServingProblem() => Profile.ServingProblem();

    public void Dispose() => Profile.Dispose();
}
