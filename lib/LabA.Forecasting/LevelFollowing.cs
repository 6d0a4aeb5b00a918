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

    public LevelFollowing(IPointForecaster profile, int windowSteps, double weight)
    {
        if (profile.HistoryPoints != 0)
            throw new ForecasterRecipeException($"{ForecasterKinds.LevelFollowing}: its profile must be a calendar forecaster (no history), not {profile.Kind}");
        if (windowSteps is < 1 or > MaxWindowSteps)
            throw new ForecasterRecipeException($"{ForecasterKinds.LevelFollowing}: parameter '{WindowKey}' must be a whole number from 1 to {MaxWindowSteps}");
        if (!double.IsFinite(weight) || weight is <= 0 or > 1)
            throw new ForecasterRecipeException($"{ForecasterKinds.LevelFollowing}: parameter '{WeightKey}' must be above 0 and at most 1");
        Profile = profile;
        WindowSteps = windowSteps;
        Weight = weight;
    }

    public IPointForecaster Profile { get; }
    public int WindowSteps { get; }
    public double Weight { get; }
    public string Kind => ForecasterKinds.LevelFollowing;
    /// <summary>The observations it uses when given: the window. Fewer (a cluster observed for less than the window) are used as they are.</summary>
    public int HistoryPoints => WindowSteps;
    public bool ObservationsOptional => true;

    public IReadOnlyDictionary<string, double> Parameters => new Dictionary<string, double> { [WindowKey] = WindowSteps, [WeightKey] = Weight };

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
        for (var i = 0; i < anchors.Count; i++)
            forecasts[i] = Level(observations, anchors[i], index => profileAt.TryGetValue(index, out var value)
                ? value
                : profileAt[index] = Profile.Forecast([], -1, observations[index].Timestamp));
        var targets = Profile.ForecastAt(observations, anchors);
        for (var i = 0; i < anchors.Count; i++) forecasts[i] = targets[i] + Weight * forecasts[i];
        return forecasts;
    }

    public double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target)
    {
        var profile = Profile.Forecast([], -1, target);
        if (anchor < 0 || observations.Count == 0) return profile;
        return profile + Weight * Level(observations, anchor, index => Profile.Forecast([], -1, observations[index].Timestamp));
    }

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
