using LabA.Domain.Settings;

namespace LabA.Forecasting;

/// <summary>The naive baselines, built for one feature spec so they use the same horizon and rolling window as the model.</summary>
internal static class Baselines
{
    public const string SeasonalNaiveDay = "seasonal-naive-day";
    public const string SeasonalNaiveWeek = "seasonal-naive-week";
    private const string Points = "points";
    private const string SeasonSteps = "seasonSteps";

    /// <summary>The baselines that can forecast from origin <paramref name="firstAnchor"/> on; a seasonal one needs a season of history first.</summary>
    public static IReadOnlyList<Baseline> For(FeatureSpec spec, int firstAnchor) => [.. All(spec).Where(baseline => baseline.EarliestAnchor <= firstAnchor)];

    /// <summary>Persistence, the rolling mean and, where the step tiles the season and the horizon is shorter, seasonal naive for a day and a week.</summary>
    public static IReadOnlyList<Baseline> All(FeatureSpec spec)
    {
        var baselines = new List<Baseline> { Persistence(), RollingMean(spec, spec.RollingPoints) };
        foreach (var (name, season) in new[] { (SeasonalNaiveDay, TimeSpan.FromDays(1)), (SeasonalNaiveWeek, TimeSpan.FromDays(7)) })
        {
            if (season.Ticks % spec.Step.Ticks != 0 || season <= spec.Horizon) continue;
            baselines.Add(SeasonalNaive(spec, (int)(season.Ticks / spec.Step.Ticks)));
        }
        return baselines;
    }

    /// <summary>The baseline a saved model names by <paramref name="kind"/> and <paramref name="parameters"/>; throws <see cref="ForecasterRecipeException"/> for anything else.</summary>
    public static Baseline FromParameters(string kind, IReadOnlyDictionary<string, double> parameters, FeatureSpec spec)
    {
        int Whole(string key, int min, int max) =>
            parameters.TryGetValue(key, out var value) && value == Math.Floor(value) && value >= min && value <= max
                ? (int)value
                : throw new ForecasterRecipeException($"{kind}: parameter '{key}' must be a whole number from {min} to {max}");
        const int maxSteps = 7 * 24 * 60 * 60; // a week at the one-second minimum step
        return kind switch
        {
            ForecasterKinds.Persistence => Persistence(),
            ForecasterKinds.RollingMean => RollingMean(spec, Whole(Points, 1, maxSteps)),
            ForecasterKinds.SeasonalNaive => SeasonalNaive(spec, Whole(SeasonSteps, spec.HorizonSteps + 1, maxSteps)),
            _ => throw new ForecasterRecipeException($"'{kind}' is not a baseline kind"),
        };
    }

    private static Baseline Persistence() =>
        new(ForecasterKinds.Persistence, "the last value at t", ForecasterKinds.Persistence, new Dictionary<string, double>(), 1,
            (values, anchor) => values[anchor].Value);

    private static Baseline RollingMean(FeatureSpec spec, int points) =>
        new(ForecasterKinds.RollingMean, $"the mean of the last {Durations.Format(spec.Step * points)} up to t", ForecasterKinds.RollingMean,
            new Dictionary<string, double> { [Points] = points }, points, (values, anchor) => FeatureSpec.MeanOfLast(values, anchor, points));

    private static Baseline SeasonalNaive(FeatureSpec spec, int seasonSteps)
    {
        var season = spec.Step * seasonSteps;
        var name = season == TimeSpan.FromDays(7) ? SeasonalNaiveWeek : season == TimeSpan.FromDays(1) ? SeasonalNaiveDay : $"seasonal-naive-{Durations.Format(season)}";
        var words = season == TimeSpan.FromDays(7) ? "one week" : season == TimeSpan.FromDays(1) ? "one day" : Durations.Format(season);
        var horizonSteps = spec.HorizonSteps;
        return new(name, $"the value {words} before t + horizon", ForecasterKinds.SeasonalNaive,
            new Dictionary<string, double> { [SeasonSteps] = seasonSteps }, seasonSteps - horizonSteps + 1,
            (values, anchor) => values[anchor + horizonSteps - seasonSteps].Value);
    }
}
