using System.Globalization;
using LabA.Forecasting.Series;
using MathNet.Numerics.LinearRegression;

namespace LabA.Forecasting;

/// <summary>
/// The daily profile as a sum of <see cref="Harmonics"/> sines and cosines of the time of day (UTC), with its own level
/// and shape on weekends where the training part holds both kinds of day. It reads only the target's timestamp, so it
/// forecasts any horizon alike and carries none of the noise of the last values into the forecast, which is what a
/// workload ruled by the clock wants, and it forecasts from the first minute on a cluster whose Prometheus has no
/// history yet. Fitted by least absolute deviations, the loss the candidates are scored by, so a rare burst moves the
/// profile far less than it would a least-squares fit; then set to the level of the training part's last
/// <see cref="EndLevelWindow"/>, so a level that moved within the training part (a resized fleet) is forecast as it
/// stands, not as the weeks' average. A level that moves after training is beyond it: the Scaler's reactive floor holds
/// the replicas at what the observed load needs, and the next retrain fits the new level.
/// </summary>
public sealed class HarmonicRegression : IParametricForecaster
{
    /// <summary>Sine-cosine pairs per day: periods of 24, 12, 8 and 6 hours, enough for a peak and a trough of any width seen so far.</summary>
    public const int DefaultHarmonics = 4;
    private const int MaxHarmonics = 24;
    /// <summary>Iterations of reweighted least squares that approach the least-absolute-deviation fit.</summary>
    private const int ReweightingRounds = 25;
    /// <summary>How much of the training part's end sets the level: a whole day, so every hour of the profile weighs alike and the median sits still under noise.</summary>
    public static readonly TimeSpan EndLevelWindow = TimeSpan.FromDays(1);
    private const string HarmonicsKey = "harmonics";
    private const string WeekendSplitKey = "weekendSplit";
    private const string Weekday = "weekday";
    private const string Weekend = "weekend";

    private HarmonicRegression(int harmonics, double[] weekday, double[]? weekend, TimeSpan horizon)
    {
        Horizon = horizon;
        Harmonics = harmonics;
        WeekdayCoefficients = weekday;
        WeekendCoefficients = weekend;
    }

    public string Kind => ForecasterKinds.HarmonicRegression;
    public int HistoryPoints => 0;
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
            var parameters = new Dictionary<string, double> { [HarmonicsKey] = Harmonics, [WeekendSplitKey] = WeekendCoefficients is null ? 0 : 1 };
            foreach (var (group, coefficients) in Groups())
                for (var i = 0; i < coefficients.Count; i++) parameters[CoefficientKey(group, i)] = coefficients[i];
            return parameters;
        }
    }

    /// <summary><see cref="Parameters"/> as the card writes settings.</summary>
    public IReadOnlyDictionary<string, string> Settings =>
        Parameters.ToDictionary(parameter => parameter.Key, parameter => parameter.Value.ToString("G6", CultureInfo.InvariantCulture));

    /// <summary>
    /// Fits the profile on the real (not interpolated) points before <paramref name="fitEnd"/>, then moves both day
    /// types' level by the median of (value - profile) over the last <see cref="EndLevelWindow"/> of them. Returns null
    /// where those points span less than a day, too short to tell the daily shape from noise.
    /// </summary>
    public static HarmonicRegression? Fit(LoadSeries series, int fitEnd, TimeSpan horizon, int harmonics = DefaultHarmonics)
    {
        var targets = Enumerable.Range(0, Math.Min(fitEnd, series.Count)).Where(i => !series.IsFilled(i)).ToArray();
        if (targets.Length == 0 || series.Observations[targets[^1]].Timestamp - series.Observations[targets[0]].Timestamp < TimeSpan.FromDays(1)) return null;
        var minimum = TimeSpan.FromDays(1).Ticks / series.Step.Ticks;
        var weekend = targets.Where(i => IsWeekend(series.Observations[i].Timestamp)).ToArray();
        var weekday = targets.Where(i => !IsWeekend(series.Observations[i].Timestamp)).ToArray();
        // A day of each kind, at least, before the two are told apart; otherwise one profile serves every day.
        var split = weekend.Length >= minimum && weekday.Length >= minimum;
        var profile = new HarmonicRegression(
            harmonics, FitGroup(series, split ? weekday : targets, harmonics), split ? FitGroup(series, weekend, harmonics) : null, horizon);

        var levelFrom = series.Observations[targets[^1]].Timestamp - EndLevelWindow;
        var shift = MedianInPlace([.. targets.Where(i => series.Observations[i].Timestamp > levelFrom)
            .Select(i => series.Observations[i].Value - profile.At(series.Observations[i].Timestamp))]);
        double[] Shifted(IReadOnlyList<double> coefficients) => [coefficients[0] + shift, .. coefficients.Skip(1)];
        return new HarmonicRegression(harmonics, Shifted(profile.WeekdayCoefficients),
            profile.WeekendCoefficients is { } weekendProfile ? Shifted(weekendProfile) : null, horizon);
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
        double[] Coefficients(string group) => [.. Enumerable.Range(0, 1 + 2 * (int)harmonics).Select(i => Get(CoefficientKey(group, i)))];
        return new HarmonicRegression((int)harmonics, Coefficients(Weekday), split == 1 ? Coefficients(Weekend) : null, horizon);
    }

    /// <summary>The profile's value at <paramref name="target"/>.</summary>
    public double At(DateTimeOffset target)
    {
        var coefficients = WeekendCoefficients is { } weekend && IsWeekend(target) ? weekend : WeekdayCoefficients;
        return Dot(coefficients, Terms(target, Harmonics));
    }

    public double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target) => At(target);

    public double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors) =>
        [.. anchors.Select(anchor => At(observations[anchor].Timestamp + Horizon))];

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
