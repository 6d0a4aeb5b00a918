using System.Globalization;

namespace LabA.Domain.Scaling;

/// <summary>A provisioned forecast waiting for its load to be observed: it claimed to cover every sample from <see cref="First"/> to <see cref="Last"/>.</summary>
public readonly record struct PendingForecast(DateTimeOffset First, DateTimeOffset Last, double ProvisionedCpu);

/// <summary>
/// Online calibration of the provisioning margin (adaptive conformal inference, in the margin's own unit: the quantile
/// tracker of Angelopoulos et al.). The training-time margin is where it starts; after each forecast whose window has
/// been observed, a miss (the window's observed peak above what was provisioned) raises the margin by
/// <c>step * coverage</c>, a hit lowers it by <c>step * (1 - coverage)</c>. The misses then average out to
/// <c>1 - coverage</c> whatever the errors' distribution, because the margin stays bounded: over n updates the coverage is
/// off by at most (bounds' width + step) / (step * n).
/// </summary>
/// <remarks>
/// It calibrates the margin in CPU% and not the quantile level on the card's grid, because the level is capped at
/// 0.5..0.99: a validation slice whose errors were far larger than the served ones (ec2 5f5533 covered 99.9 % at 0.95)
/// needs less than the card's median, which no level on the grid gives. Pure and deterministic, so that the Scaler and
/// the backtest update it identically: <see cref="Resolve"/> with what has been observed, then <see cref="Provision"/>.
/// </remarks>
public sealed record MarginCalibration
{
    /// <summary>Each update moves the margin by at most this fraction of the training margin's size (see <see cref="Scale"/>).</summary>
    public const double StepFraction = 0.1;
    /// <summary>The smallest scale: with a training margin near 0 the margin still moves in steps worth a fraction of a CPU%.</summary>
    public const double MinScaleCpu = 1;
    /// <summary>The margin stays within [-1, <see cref="UpperBoundScales"/>] times the scale: bounded, as the guarantee needs.</summary>
    public const double UpperBoundScales = 5;
    /// <summary>Forecasts kept waiting for their window: more than the lead spans means they can no longer be observed.</summary>
    public const int MaxPending = 32;
    private const string Version = "aci1";

    private MarginCalibration(double coverage, double trainingMargin, double margin, int resolved, int misses, IReadOnlyList<PendingForecast> pending, bool fixedMargin)
    {
        Coverage = coverage;
        TrainingMargin = trainingMargin;
        Margin = margin;
        Resolved = resolved;
        Misses = misses;
        Pending = pending;
        Fixed = fixedMargin;
    }

    /// <summary>The asked coverage: the provisioning quantile's level.</summary>
    public double Coverage { get; }
    /// <summary>The margin the model card gives at the asked quantile, in CPU%: the starting point and the bounds' scale.</summary>
    public double TrainingMargin { get; }
    /// <summary>What this run adds to the forecast's peak, in CPU%.</summary>
    public double Margin { get; }
    /// <summary>Forecasts whose window was observed and counted.</summary>
    public int Resolved { get; }
    /// <summary>Of <see cref="Resolved"/>, those whose window's observed peak was above what was provisioned.</summary>
    public int Misses { get; }
    public IReadOnlyList<PendingForecast> Pending { get; }
    /// <summary>Counts hits and misses but never moves the margin: the fixed margin's coverage, measured the same way.</summary>
    public bool Fixed { get; }

    /// <summary>The coverage observed so far; null before the first resolved forecast.</summary>
    public double? ObservedCoverage => Resolved == 0 ? null : 1 - (double)Misses / Resolved;

    public double Scale => Math.Max(Math.Abs(TrainingMargin), MinScaleCpu);
    public double Step => Fixed ? 0 : StepFraction * Scale;
    public double LowerBound => -Scale;
    public double UpperBound => Math.Max(TrainingMargin, 0) + UpperBoundScales * Scale;

    /// <summary>A calibration starting at the training-time margin for <paramref name="coverage"/>.</summary>
    public static MarginCalibration Start(double coverage, double trainingMargin) => Create(coverage, trainingMargin, fixedMargin: false);

    /// <summary>The training-time margin, never moved: counts coverage as the calibrated one does, for comparison.</summary>
    public static MarginCalibration FixedAt(double coverage, double trainingMargin) => Create(coverage, trainingMargin, fixedMargin: true);

    private static MarginCalibration Create(double coverage, double trainingMargin, bool fixedMargin)
    {
        if (!(coverage is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(coverage), coverage, "a coverage is between 0 and 1");
        if (!double.IsFinite(trainingMargin)) throw new ArgumentOutOfRangeException(nameof(trainingMargin), trainingMargin, "the training margin must be a number");
        return new MarginCalibration(coverage, trainingMargin, trainingMargin, 0, 0, [], fixedMargin);
    }

    /// <summary>
    /// Counts every pending forecast whose window the observations now reach, oldest first, and moves the margin after each.
    /// </summary>
    /// <param name="observedAt">The sample at a grid instant, null when it was not observed.</param>
    /// <param name="newest">The newest observed grid instant: a window ending after it waits.</param>
    /// <param name="step">The grid's step.</param>
    /// <param name="counted">Told each window counted, with the observed peak it was counted by (the backtest's calibration.csv).</param>
    public MarginCalibration Resolve(Func<DateTimeOffset, double?> observedAt, DateTimeOffset newest, TimeSpan step, Action<PendingForecast, double>? counted = null)
    {
        if (step <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(step), step, "a step must be positive");
        var (margin, resolved, misses) = (Margin, Resolved, Misses);
        var waiting = new List<PendingForecast>();
        foreach (var forecast in Pending)
        {
            var last = AlignDown(forecast.Last, step);
            if (last > newest)
            {
                waiting.Add(forecast);
                continue;
            }
            var peak = ObservedPeak(observedAt, forecast.First, forecast.Last, step);
            // A window with no sample at all (a scrape gap) says nothing about the margin: dropped, not counted.
            if (double.IsNegativeInfinity(peak)) continue;
            var miss = peak > forecast.ProvisionedCpu;
            counted?.Invoke(forecast, peak);
            resolved++;
            if (miss) misses++;
            margin = Math.Clamp(margin + Step * ((miss ? 1 : 0) - (1 - Coverage)), LowerBound, UpperBound);
        }
        return new MarginCalibration(Coverage, TrainingMargin, margin, resolved, misses, waiting, Fixed);
    }

    /// <summary>
    /// The highest finite sample of the window [<paramref name="first"/>, <paramref name="last"/>] on the grid of
    /// <paramref name="step"/> (both ends aligned down to it): what a window is counted by. Negative infinity when no
    /// instant of it was observed.
    /// </summary>
    private static double ObservedPeak(Func<DateTimeOffset, double?> observedAt, DateTimeOffset first, DateTimeOffset last, TimeSpan step)
    {
        var peak = double.NegativeInfinity;
        for (var at = AlignDown(first, step); at <= AlignDown(last, step); at += step)
            if (observedAt(at) is { } value && double.IsFinite(value)) peak = Math.Max(peak, value);
        return peak;
    }

    /// <summary>Records what this run provisioned for the window [<paramref name="first"/>, <paramref name="last"/>], to be counted once observed.</summary>
    public MarginCalibration Provision(DateTimeOffset first, DateTimeOffset last, double provisionedCpu)
    {
        var pending = Pending.Append(new PendingForecast(first, last, provisionedCpu)).ToList();
        return new MarginCalibration(Coverage, TrainingMargin, Margin, Resolved, Misses, pending.Skip(Math.Max(0, pending.Count - MaxPending)).ToList(), Fixed);
    }

    /// <summary>
    /// The same calibration against the margin the served model gives now: a retrained model keeps what was learned (the
    /// margin, clamped to the new bounds) but a different asked coverage starts over, since the counts were for another target.
    /// </summary>
    public MarginCalibration For(double coverage, double trainingMargin)
    {
        if (coverage != Coverage) return Create(coverage, trainingMargin, Fixed);
        var moved = new MarginCalibration(coverage, trainingMargin, 0, Resolved, Misses, Pending, Fixed);
        return new MarginCalibration(coverage, trainingMargin, Math.Clamp(Margin, moved.LowerBound, moved.UpperBound), Resolved, Misses, Pending, Fixed);
    }

    /// <summary>Compact text for the Scaler's state ConfigMap: version, coverage, margin, counts, then the pending windows.</summary>
    public string Serialize()
    {
        var parts = new List<string>
        {
            Version,
            Coverage.ToString("R", CultureInfo.InvariantCulture),
            Margin.ToString("R", CultureInfo.InvariantCulture),
            Resolved.ToString(CultureInfo.InvariantCulture),
            Misses.ToString(CultureInfo.InvariantCulture),
        };
        parts.AddRange(Pending.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{p.First.ToUnixTimeSeconds()}/{p.Last.ToUnixTimeSeconds()}/{p.ProvisionedCpu:R}")));
        return string.Join(' ', parts);
    }

    /// <summary>
    /// The calibration stored in <paramref name="text"/>, moved to the served model's margin (<see cref="For"/>); null when
    /// the text is not one this version wrote, so that the caller starts over from the training margin and says so.
    /// </summary>
    public static MarginCalibration? TryParse(string text, double coverage, double trainingMargin)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 5 || parts[0] != Version) return null;
        if (!TryDouble(parts[1], out var storedCoverage) || !(storedCoverage is > 0 and < 1)) return null;
        if (!TryDouble(parts[2], out var margin)) return null;
        if (!int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var resolved)) return null;
        if (!int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var misses) || misses > resolved) return null;
        var pending = new List<PendingForecast>();
        foreach (var part in parts.Skip(5))
        {
            var fields = part.Split('/');
            if (fields.Length != 3
                || !long.TryParse(fields[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var first)
                || !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var last)
                || first > last
                || !TryDouble(fields[2], out var provisioned))
                return null;
            try
            {
                pending.Add(new PendingForecast(DateTimeOffset.FromUnixTimeSeconds(first), DateTimeOffset.FromUnixTimeSeconds(last), provisioned));
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }
        if (pending.Count > MaxPending) return null;
        var stored = new MarginCalibration(storedCoverage, trainingMargin, margin, resolved, misses, pending, fixedMargin: false);
        return stored.For(coverage, trainingMargin);
    }

    private static bool TryDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>As the Scaler's Prometheus reads align their grid: from the Unix epoch.</summary>
    private static DateTimeOffset AlignDown(DateTimeOffset instant, TimeSpan step) =>
        new(instant.UtcTicks - (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % step.Ticks, TimeSpan.Zero);
}
