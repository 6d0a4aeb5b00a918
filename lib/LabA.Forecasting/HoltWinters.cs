using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>
/// Additive Holt-Winters with a daily season: a level, a trend and one seasonal term per step of the day, the
/// forecaster PHPA uses. Every forecast starts afresh from the window of the last <see cref="WindowSteps"/> values up to
/// the origin, which is what a scaler can read from Prometheus on each run; so a forecast scored here is exactly the one
/// that would be served, and nothing after the origin is read.
/// </summary>
public sealed class HoltWinters : IParametricForecaster
{
    /// <summary>Days of history each forecast warms up on: one to initialise the season, the rest to smooth it.</summary>
    public const int WindowSeasons = 3;

    /// <summary>Fitting scores at most this many origins per parameter set, evenly spread over the training part.</summary>
    private const int FittingOrigins = 240;

    private static readonly double[] AlphaGrid = [0.02, 0.05, 0.1, 0.2, 0.4, 0.7];
    private static readonly double[] BetaGrid = [0, 0.005, 0.05];
    private static readonly double[] GammaGrid = [0.05, 0.1, 0.2, 0.4];

    private HoltWinters(double alpha, double beta, double gamma, int seasonSteps, int windowSteps, int horizonSteps)
    {
        HorizonSteps = horizonSteps;
        Alpha = alpha;
        Beta = beta;
        Gamma = gamma;
        SeasonSteps = seasonSteps;
        WindowSteps = windowSteps;
    }

    public string Kind => ForecasterKinds.HoltWinters;
    /// <summary>Steps ahead of the origin it forecasts, the horizon its parameters were fitted for.</summary>
    public int HorizonSteps { get; }
    public double Alpha { get; }
    public double Beta { get; }
    public double Gamma { get; }
    /// <summary>Steps in one day at the series' step.</summary>
    public int SeasonSteps { get; }
    /// <summary>Values each forecast reads, ending at its origin.</summary>
    public int WindowSteps { get; }
    /// <summary>The first origin with a whole window behind it.</summary>
    public int EarliestAnchor => WindowSteps - 1;
    public int HistoryPoints => WindowSteps;

    /// <summary>Everything a saved model needs to rebuild this forecaster (<see cref="FromParameters"/>).</summary>
    public IReadOnlyDictionary<string, double> Parameters => new Dictionary<string, double>
    {
        [nameof(Alpha).ToLowerInvariant()] = Alpha,
        [nameof(Beta).ToLowerInvariant()] = Beta,
        [nameof(Gamma).ToLowerInvariant()] = Gamma,
        [SeasonStepsKey] = SeasonSteps,
        [WindowStepsKey] = WindowSteps,
    };

    private const string SeasonStepsKey = "seasonSteps";
    private const string WindowStepsKey = "windowSteps";

    /// <summary>
    /// The forecaster <see cref="Parameters"/> describe, for <paramref name="horizonSteps"/> steps ahead; throws
    /// <see cref="ForecasterRecipeException"/> naming the parameter that is missing or out of range.
    /// </summary>
    public static HoltWinters FromParameters(IReadOnlyDictionary<string, double> parameters, int horizonSteps)
    {
        double Get(string key, double min, double max) =>
            parameters.TryGetValue(key, out var value) && value >= min && value <= max
                ? value
                : throw new ForecasterRecipeException($"{ForecasterKinds.HoltWinters}: parameter '{key}' must be from {min} to {max}");
        var season = Get(SeasonStepsKey, 2, 24 * 60 * 60);
        var window = Get(WindowStepsKey, 2 * season, WindowSeasons * season);
        if (season != Math.Floor(season) || window != Math.Floor(window) || window % season != 0)
            throw new ForecasterRecipeException($"{ForecasterKinds.HoltWinters}: {SeasonStepsKey} and {WindowStepsKey} must be whole numbers, the window whole seasons");
        return new HoltWinters(Get("alpha", 0, 1), Get("beta", 0, 1), Get("gamma", 0, 1), (int)season, (int)window, horizonSteps);
    }

    /// <summary><see cref="Parameters"/> as the card writes settings.</summary>
    public IReadOnlyDictionary<string, string> Settings => Parameters.ToDictionary(parameter => parameter.Key, parameter => Format(parameter.Value));

    /// <summary>
    /// Fits the smoothing parameters by grid search, minimising the MAE of the <paramref name="horizonSteps"/>-ahead
    /// forecast at origins whose target lies before <paramref name="fitEnd"/>, so nothing at or after it is read.
    /// Returns null where the step does not divide a day, or the part before <paramref name="fitEnd"/> holds too few
    /// windows to fit on.
    /// </summary>
    public static HoltWinters? Fit(IReadOnlyList<Observation> values, TimeSpan step, int horizonSteps, int fitEnd)
    {
        if (step <= TimeSpan.Zero || TimeSpan.FromDays(1).Ticks % step.Ticks != 0) return null;
        var seasonSteps = (int)(TimeSpan.FromDays(1).Ticks / step.Ticks);
        if (seasonSteps < 2) return null;
        // The window shrinks to two seasons where the training part is short; one season alone leaves nothing to smooth.
        var windowSteps = WindowSeasons * seasonSteps;
        var lastAnchor = fitEnd - horizonSteps - 1;
        if (lastAnchor - (windowSteps - 1) < FittingOrigins / 4) windowSteps = 2 * seasonSteps;
        var firstAnchor = windowSteps - 1;
        if (lastAnchor - firstAnchor < FittingOrigins / 4) return null;

        var origins = Enumerable.Range(0, FittingOrigins)
            .Select(i => firstAnchor + (int)((long)(lastAnchor - firstAnchor) * i / (FittingOrigins - 1)))
            .Distinct()
            .ToArray();
        var series = Values(values, 0, fitEnd);
        HoltWinters? best = null;
        var bestError = double.PositiveInfinity;
        foreach (var alpha in AlphaGrid)
            foreach (var beta in BetaGrid)
                foreach (var gamma in GammaGrid)
                {
                    var candidate = new HoltWinters(alpha, beta, gamma, seasonSteps, windowSteps, horizonSteps);
                    var error = 0.0;
                    foreach (var origin in origins)
                        error += Math.Abs(candidate.Forecast(series, origin, horizonSteps) - series[origin + horizonSteps]);
                    if (error < bestError)
                    {
                        bestError = error;
                        best = candidate;
                    }
                }
        return best;
    }

    /// <summary>The forecast for origin + <paramref name="horizonSteps"/>, from the window ending at <paramref name="anchor"/>.</summary>
    public double Forecast(IReadOnlyList<Observation> values, int anchor, int horizonSteps)
    {
        if (anchor < EarliestAnchor || anchor >= values.Count)
            throw new ArgumentOutOfRangeException(nameof(anchor), anchor, $"needs {WindowSteps} values up to the origin");
        return Forecast(Values(values, anchor - WindowSteps + 1, anchor + 1), WindowSteps - 1, horizonSteps);
    }

    /// <summary>The values of observations [<paramref name="from"/>, <paramref name="to"/>): the smoothing loop reads a plain array, not a list interface.</summary>
    private static double[] Values(IReadOnlyList<Observation> observations, int from, int to)
    {
        var values = new double[to - from];
        for (var i = 0; i < values.Length; i++) values[i] = observations[from + i].Value;
        return values;
    }

    private double Forecast(double[] values, int anchor, int horizonSteps)
    {
        if (horizonSteps < 1) throw new ArgumentOutOfRangeException(nameof(horizonSteps), horizonSteps, "must be at least one step");
        var start = anchor - WindowSteps + 1;
        var m = SeasonSteps;

        // Initialise on the window's first day: its mean as the level, the change to the second day as the trend,
        // and each step's offset from the level as its seasonal term.
        double firstDay = 0, secondDay = 0;
        for (var i = 0; i < m; i++)
        {
            firstDay += values[start + i];
            secondDay += values[start + m + i];
        }
        var level = firstDay / m;
        var trend = (secondDay - firstDay) / m / m;
        var season = new double[m];
        for (var i = 0; i < m; i++) season[i] = values[start + i] - level;

        for (var i = m; i < WindowSteps; i++)
        {
            var x = values[start + i];
            var slot = i % m;
            var previousLevel = level;
            level = Alpha * (x - season[slot]) + (1 - Alpha) * (level + trend);
            trend = Beta * (level - previousLevel) + (1 - Beta) * trend;
            season[slot] = Gamma * (x - level) + (1 - Gamma) * season[slot];
        }
        var targetSlot = (WindowSteps - 1 + horizonSteps) % m;
        return level + horizonSteps * trend + season[targetSlot];
    }

    public double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target) => Forecast(observations, anchor, HorizonSteps);

    public double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors)
    {
        if (anchors.Count == 0) return [];
        foreach (var anchor in anchors)
            if (anchor < EarliestAnchor || anchor >= observations.Count)
                throw new ArgumentOutOfRangeException(nameof(anchors), anchor, $"needs {WindowSteps} values up to the origin");
        var values = Values(observations, 0, anchors.Max() + 1);
        return [.. anchors.Select(anchor => Forecast(values, anchor, HorizonSteps))];
    }

    public string? ServingProblem() => null;

    public void Dispose()
    {
    }

    private static string Format(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
