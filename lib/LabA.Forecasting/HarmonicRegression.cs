using System.Globalization;
using LabA.Forecasting.Series;
using MathNet.Numerics.LinearRegression;

namespace LabA.Forecasting;

/// <summary>
/// The daily profile as a sum of <see cref="Harmonics"/> sines and cosines of the time of day (UTC), with its own level
/// and shape on weekends where the training part holds both kinds of day, shifted by how far the workload has lately
/// run from it: the median of (value - profile) over the last <see cref="LevelSteps"/> observations up to the origin.
/// The profile carries none of the noise of the last values into the forecast, which is what a workload ruled by the
/// clock wants; the shift keeps a workload whose level moved after training (a new tenant, a resized fleet) from being
/// forecast at its old level for good, which a profile alone would do however well it fitted the past. The window is
/// the one of <see cref="LevelWindows"/> that forecast the training part best, never none: a training part without a
/// level change would always choose none. Fitted by least absolute deviations, the loss the candidates are scored by,
/// so a rare burst moves the profile far less than it would a least-squares fit, and the median keeps one out of the shift.
/// </summary>
public sealed class HarmonicRegression : IPointForecaster
{
    /// <summary>Sine-cosine pairs per day: periods of 24, 12, 8 and 6 hours, enough for a peak and a trough of any width seen so far.</summary>
    public const int DefaultHarmonics = 4;
    private const int MaxHarmonics = 24;
    /// <summary>Iterations of reweighted least squares that approach the least-absolute-deviation fit.</summary>
    private const int ReweightingRounds = 25;
    /// <summary>The windows of the level shift tried on the training part: long ones sit still on noise, short ones follow a change sooner.</summary>
    public static readonly IReadOnlyList<TimeSpan> LevelWindows = [TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(12)];
    /// <summary>Origins scored per window on the training part, evenly spread: enough to tell the windows apart, at a bounded cost.</summary>
    private const int LevelChoiceOrigins = 2000;
    private const int MaxLevelSteps = 7 * 24 * 60 * 60; // a week at the one-second minimum step
    private const string HarmonicsKey = "harmonics";
    private const string WeekendSplitKey = "weekendSplit";
    private const string LevelStepsKey = "levelSteps";
    private const string Weekday = "weekday";
    private const string Weekend = "weekend";

    private HarmonicRegression(int harmonics, double[] weekday, double[]? weekend, int levelSteps, TimeSpan horizon)
    {
        Horizon = horizon;
        Harmonics = harmonics;
        WeekdayCoefficients = weekday;
        WeekendCoefficients = weekend;
        LevelSteps = levelSteps;
    }

    public string Kind => ForecasterKinds.HarmonicRegression;
    public int HistoryPoints => LevelSteps;
    /// <summary>How many observations, ending at the origin, the level shift is the median residual of.</summary>
    public int LevelSteps { get; }
    /// <summary>How far after an origin its target lies, for <see cref="ForecastAt"/>.</summary>
    public TimeSpan Horizon { get; }
    public int Harmonics { get; }
    /// <summary>Level, then cos and sin of each harmonic, for Monday to Friday (every day without a weekend split).</summary>
    public IReadOnlyList<double> WeekdayCoefficients { get; }
    /// <summary>The same for Saturday and Sunday; null where the training part did not hold enough of both kinds of day.</summary>
    public IReadOnlyList<double>? WeekendCoefficients { get; }

    /// <summary>Everything a saved model needs to rebuild this forecaster (<see cref="FromParameters"/>).</summary>
    public IReadOnlyDictionary<string, double> Parameters
    {
        get
        {
            var parameters = new Dictionary<string, double>
            {
                [HarmonicsKey] = Harmonics, [WeekendSplitKey] = WeekendCoefficients is null ? 0 : 1, [LevelStepsKey] = LevelSteps,
            };
            foreach (var (group, coefficients) in Groups())
                for (var i = 0; i < coefficients.Count; i++) parameters[CoefficientKey(group, i)] = coefficients[i];
            return parameters;
        }
    }

    /// <summary><see cref="Parameters"/> as the card writes settings.</summary>
    public IReadOnlyDictionary<string, string> Settings =>
        Parameters.ToDictionary(parameter => parameter.Key, parameter => parameter.Value.ToString("G6", CultureInfo.InvariantCulture));

    /// <summary>
    /// Fits the profile on the real (not interpolated) points before <paramref name="fitEnd"/>, then the level window on
    /// the same part, each origin reading the observations as they were known then. Returns null where those points span
    /// less than a day, too short to tell the daily shape from noise.
    /// </summary>
    public static HarmonicRegression? Fit(LoadSeries series, int fitEnd, TimeSpan horizon, int harmonics = DefaultHarmonics)
    {
        fitEnd = Math.Min(fitEnd, series.Count);
        var targets = Enumerable.Range(0, fitEnd).Where(i => !series.IsFilled(i)).ToArray();
        if (targets.Length == 0 || series.Observations[targets[^1]].Timestamp - series.Observations[targets[0]].Timestamp < TimeSpan.FromDays(1)) return null;
        var minimum = TimeSpan.FromDays(1).Ticks / series.Step.Ticks;
        var weekend = targets.Where(i => IsWeekend(series.Observations[i].Timestamp)).ToArray();
        var weekday = targets.Where(i => !IsWeekend(series.Observations[i].Timestamp)).ToArray();
        // A day of each kind, at least, before the two are told apart; otherwise one profile serves every day.
        var split = weekend.Length >= minimum && weekday.Length >= minimum;
        var weekdayCoefficients = FitGroup(series, split ? weekday : targets, harmonics);
        var weekendCoefficients = split ? FitGroup(series, weekend, harmonics) : null;
        var windows = LevelWindows.Select(window => (int)Math.Max(1, window.Ticks / series.Step.Ticks)).Distinct().ToArray();
        var horizonSteps = (int)(horizon.Ticks / series.Step.Ticks);
        return windows
            .Select(window => new HarmonicRegression(harmonics, weekdayCoefficients, weekendCoefficients, window, horizon))
            .MinBy(candidate => candidate.LevelChoiceError(series, fitEnd, horizonSteps))!;
    }

    /// <summary>
    /// The forecaster <see cref="Parameters"/> describe; throws <see cref="ForecasterRecipeException"/> naming the
    /// parameter that is missing or out of range.
    /// </summary>
    public static HarmonicRegression FromParameters(IReadOnlyDictionary<string, double> parameters, TimeSpan horizon)
    {
        double Get(string key) =>
            parameters.TryGetValue(key, out var value) && double.IsFinite(value)
                ? value
                : throw new ForecasterRecipeException($"{ForecasterKinds.HarmonicRegression}: parameter '{key}' must be a finite number");
        var harmonics = Get(HarmonicsKey);
        if (harmonics != Math.Floor(harmonics) || harmonics is < 1 or > MaxHarmonics)
            throw new ForecasterRecipeException($"{ForecasterKinds.HarmonicRegression}: parameter '{HarmonicsKey}' must be a whole number from 1 to {MaxHarmonics}");
        var split = Get(WeekendSplitKey);
        if (split is not (0 or 1))
            throw new ForecasterRecipeException($"{ForecasterKinds.HarmonicRegression}: parameter '{WeekendSplitKey}' must be 0 or 1");
        var levelSteps = Get(LevelStepsKey);
        if (levelSteps != Math.Floor(levelSteps) || levelSteps is < 1 or > MaxLevelSteps)
            throw new ForecasterRecipeException($"{ForecasterKinds.HarmonicRegression}: parameter '{LevelStepsKey}' must be a whole number from 1 to {MaxLevelSteps}");
        double[] Coefficients(string group) => [.. Enumerable.Range(0, 1 + 2 * (int)harmonics).Select(i => Get(CoefficientKey(group, i)))];
        return new HarmonicRegression((int)harmonics, Coefficients(Weekday), split == 1 ? Coefficients(Weekend) : null, (int)levelSteps, horizon);
    }

    /// <summary>The profile's value at <paramref name="target"/>, before the level shift.</summary>
    public double At(DateTimeOffset target)
    {
        var coefficients = WeekendCoefficients is { } weekend && IsWeekend(target) ? weekend : WeekdayCoefficients;
        return Dot(coefficients, Terms(target, Harmonics));
    }

    public double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target) => At(target) + LevelShift(observations, anchor);

    public double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors) =>
        [.. anchors.Select(anchor => Forecast(observations, anchor, observations[anchor].Timestamp + Horizon))];

    /// <summary>The median of value - profile over the <see cref="LevelSteps"/> observations ending at <paramref name="anchor"/>.</summary>
    public double LevelShift(IReadOnlyList<Observation> observations, int anchor)
    {
        var residuals = new double[LevelSteps];
        for (var i = 0; i < LevelSteps; i++)
        {
            var observation = observations[anchor - i];
            residuals[i] = observation.Value - At(observation.Timestamp);
        }
        return MedianInPlace(residuals);
    }

    public string? ServingProblem() => Groups().SelectMany(group => group.Coefficients).All(double.IsFinite) ? null : "a coefficient is not finite";

    public void Dispose()
    {
    }

    private IEnumerable<(string Group, IReadOnlyList<double> Coefficients)> Groups()
    {
        yield return (Weekday, WeekdayCoefficients);
        if (WeekendCoefficients is { } weekend) yield return (Weekend, weekend);
    }

    private static string CoefficientKey(string group, int index) =>
        index == 0 ? $"{group}.level" : $"{group}.{(index % 2 == 1 ? "cos" : "sin")}{(index + 1) / 2}";

    private static bool IsWeekend(DateTimeOffset timestamp) => timestamp.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>1, then cos and sin of k times the day's angle for k = 1..harmonics.</summary>
    private static double[] Terms(DateTimeOffset timestamp, int harmonics)
    {
        var angle = 2 * Math.PI * timestamp.UtcDateTime.TimeOfDay.Ticks / TimeSpan.TicksPerDay;
        var terms = new double[1 + 2 * harmonics];
        terms[0] = 1;
        for (var k = 1; k <= harmonics; k++)
        {
            terms[2 * k - 1] = Math.Cos(k * angle);
            terms[2 * k] = Math.Sin(k * angle);
        }
        return terms;
    }

    /// <summary>
    /// Least absolute deviations by iteratively reweighted least squares: each round weighs a point by the inverse of its
    /// last residual, floored at a hundredth of the median residual so a point on the curve does not take all the weight.
    /// </summary>
    private static double[] FitGroup(LoadSeries series, int[] indices, int harmonics)
    {
        var x = indices.Select(i => Terms(series.Observations[i].Timestamp, harmonics)).ToArray();
        var y = indices.Select(i => series.Observations[i].Value).ToArray();
        var weights = Enumerable.Repeat(1.0, y.Length).ToArray();
        var coefficients = WeightedRegression.Weighted(x, y, weights);
        for (var round = 0; round < ReweightingRounds; round++)
        {
            var residuals = y.Select((value, i) => Math.Abs(value - Dot(coefficients, x[i]))).ToArray();
            var floor = Math.Max(MedianInPlace([.. residuals]) / 100, 1e-9);
            for (var i = 0; i < weights.Length; i++) weights[i] = 1 / Math.Max(residuals[i], floor);
            coefficients = WeightedRegression.Weighted(x, y, weights);
        }
        return coefficients;
    }

    /// <summary>The mean absolute error on real targets of the training part, from origins spread evenly over it.</summary>
    private double LevelChoiceError(LoadSeries series, int fitEnd, int horizonSteps)
    {
        var first = LevelSteps - 1;
        var last = fitEnd - 1 - horizonSteps;
        if (last < first) return double.PositiveInfinity;
        var stride = Math.Max(1, (last - first + 1) / LevelChoiceOrigins);
        var errors = new List<double>();
        for (var anchor = first; anchor <= last; anchor += stride)
        {
            if (series.IsFilled(anchor + horizonSteps)) continue;
            var target = series.Observations[anchor + horizonSteps];
            errors.Add(Math.Abs(target.Value - Forecast(series.KnownAt(anchor), anchor, target.Timestamp)));
        }
        return errors.Count == 0 ? double.PositiveInfinity : errors.Average();
    }

    private static double Dot(IReadOnlyList<double> coefficients, double[] terms)
    {
        var sum = 0.0;
        for (var i = 0; i < terms.Length; i++) sum += coefficients[i] * terms[i];
        return sum;
    }

    /// <summary>The middle value (the upper one of an even count); sorts <paramref name="values"/> in place.</summary>
    private static double MedianInPlace(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }
}
