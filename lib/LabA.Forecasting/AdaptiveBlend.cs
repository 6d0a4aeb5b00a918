using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>
/// A mix of forecasters (the experts) whose weights follow their recent errors: at origin t each expert is weighted by
/// exp(-eta * (its MAE - the lowest MAE) / the mean MAE), its MAE taken over the last <see cref="WindowSteps"/> targets
/// already observed at t (forecast from origins up to t - horizon). A workload that changes regime (a level shift, a
/// holiday a calendar model never saw) moves the weight to whichever expert is right now, where a choice made once on
/// the validation slice would keep serving the one that was right then. Everything read lies at or before t.
/// <para>
/// Those errors are a horizon old: after a level shift every expert missed the targets since, so the weights cannot tell
/// which one moved with it until a horizon has passed, and at a long horizon the mix keeps forecasting the old level for
/// that long where persistence already forecasts the new one. The shift guard closes that gap: where the last
/// <see cref="ShiftSteps"/> observations all lie more than <see cref="ShiftThreshold"/> from the mix's own forecasts of
/// them, on the same side, the level has moved beyond anything the mix's errors explain, and the forecast is the last
/// observation (the weights move to persistence) until the mix's forecasts catch up with the observations again. The
/// threshold is <see cref="ShiftScale"/> times the mix's MAE on the validation slice; the guard is off where the horizon
/// is no longer than <see cref="ShiftSteps"/>, since the weights then learn of a shift as soon as the guard would.
/// </para>
/// </summary>
internal sealed class AdaptiveBlend : IPointForecaster
{
    public const string WindowKey = "windowSteps";
    public const string EtaKey = "eta";
    /// <summary>The card's settings name the experts under this key.</summary>
    public const string ExpertsKey = "experts";
    public const string ShiftStepsKey = "shiftSteps";
    public const string ShiftThresholdKey = "shiftThreshold";

    /// <summary>
    /// How many observations in a row must break from the mix's forecasts before the guard takes persistence: three, so
    /// that a spike of one or two samples (common in CPU traces) does not trip it, and a real shift is followed within
    /// two steps of its first sample instead of a horizon.
    /// </summary>
    public const int ShiftSteps = 3;

    /// <summary>
    /// The guard's threshold in validation MAEs of the mix. Errors four MAEs out on the same side three steps running are
    /// rare where the mix is right (under Laplace errors about one in a hundred on each side, before the three steps),
    /// while a level shift worth guarding against is many MAEs; the value is set from that reasoning, not fitted.
    /// </summary>
    public const double ShiftScale = 4;

    /// <summary>The window and sharpness pairs training tries on the validation slice.</summary>
    public static readonly IReadOnlyList<(int WindowSteps, double Eta)> Grid = [(12, 4), (12, 8), (12, 16), (36, 4), (36, 8), (36, 16)];

    public AdaptiveBlend(IReadOnlyList<IPointForecaster> experts, int windowSteps, double eta, int horizonSteps, int shiftSteps = 0, double shiftThreshold = 0)
    {
        if (experts.Count < 2 || experts.Any(expert => expert is Blend or AdaptiveBlend))
            throw new ForecasterRecipeException($"{ForecasterKinds.Adaptive}: needs two or more experts, none a blend");
        if (windowSteps < 1 || windowSteps > MaxWindowSteps)
            throw new ForecasterRecipeException($"{ForecasterKinds.Adaptive}: parameter '{WindowKey}' must be a whole number from 1 to {MaxWindowSteps}");
        if (!double.IsFinite(eta) || eta < 0 || eta > MaxEta)
            throw new ForecasterRecipeException($"{ForecasterKinds.Adaptive}: parameter '{EtaKey}' must be from 0 to {MaxEta}");
        CheckGuard(ForecasterKinds.Adaptive, shiftSteps, shiftThreshold);
        Experts = experts;
        WindowSteps = windowSteps;
        Eta = eta;
        HorizonSteps = horizonSteps;
        ShiftStepsInUse = shiftSteps;
        ShiftThreshold = shiftSteps > 0 ? shiftThreshold : 0;
    }

    /// <summary>The guard's steps where it is on at <paramref name="horizonSteps"/> (<see cref="ShiftSteps"/>), 0 where it is off.</summary>
    public static int ShiftStepsFor(int horizonSteps) => horizonSteps > ShiftSteps ? ShiftSteps : 0;

    /// <summary>How far before the window of the mix the guard reads: its own steps and, for the oldest of them, one horizon.</summary>
    public static int GuardReach(int horizonSteps, int shiftSteps) => shiftSteps > 0 ? horizonSteps + shiftSteps - 1 : 0;

    /// <summary>Refuses a guard no recipe can mean, naming the parameter of <paramref name="kind"/>: the check every guarded forecaster shares.</summary>
    internal static void CheckGuard(string kind, int shiftSteps, double shiftThreshold)
    {
        if (shiftSteps < 0 || shiftSteps > MaxWindowSteps)
            throw new ForecasterRecipeException($"{kind}: parameter '{ShiftStepsKey}' must be a whole number from 0 (no guard) to {MaxWindowSteps}");
        if (shiftSteps > 0 && (!double.IsFinite(shiftThreshold) || shiftThreshold < 0))
            throw new ForecasterRecipeException($"{kind}: parameter '{ShiftThresholdKey}' must be a finite value, 0 or more");
    }

    /// <summary>A guarded forecaster's parameters with the guard's added after its own, as the archive stores them; none where it is off.</summary>
    internal static Dictionary<string, double> WithGuard(Dictionary<string, double> parameters, int shiftSteps, double shiftThreshold)
    {
        if (shiftSteps > 0)
        {
            parameters[ShiftStepsKey] = shiftSteps;
            parameters[ShiftThresholdKey] = shiftThreshold;
        }
        return parameters;
    }

    private const int MaxWindowSteps = 10_000;
    private const double MaxEta = 1000;

    public IReadOnlyList<IPointForecaster> Experts { get; }
    public int WindowSteps { get; }
    public double Eta { get; }
    public int HorizonSteps { get; }
    /// <summary>The shift guard's observations in a row; 0 where the guard is off.</summary>
    public int ShiftStepsInUse { get; }
    /// <summary>How far from the mix's forecasts (in the series' unit) each of those observations must lie.</summary>
    public double ShiftThreshold { get; }
    public string Kind => ForecasterKinds.Adaptive;

    /// <summary>
    /// The experts' own history behind the oldest origin of the window, the window and one horizon; with the guard, also
    /// the origins of the mix's forecasts it checks, each with a window of its own.
    /// </summary>
    public int HistoryPoints => Experts.Max(expert => Math.Max(expert.HistoryPoints, 1)) + HorizonSteps + WindowSteps - 1 + GuardReach(HorizonSteps, ShiftStepsInUse);

    public IReadOnlyDictionary<string, double> Parameters =>
        WithGuard(new Dictionary<string, double> { [WindowKey] = WindowSteps, [EtaKey] = Eta }, ShiftStepsInUse, ShiftThreshold);

    public double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors)
    {
        var table = ExpertTable.Of(Experts, observations, anchors, WindowSteps, HorizonSteps, GuardReach(HorizonSteps, ShiftStepsInUse));
        return Mix(table, observations, anchors, WindowSteps, Eta, HorizonSteps, ShiftStepsInUse, ShiftThreshold);
    }

    public double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target)
    {
        var mixed = Unguarded(observations, anchor, target);
        return Shifted(observations, anchor, HorizonSteps, ShiftStepsInUse, ShiftThreshold,
            origin => Unguarded(observations, origin, observations[origin + HorizonSteps].Timestamp))
            ? observations[anchor].Value
            : mixed;
    }

    /// <summary>The mix's forecast for <paramref name="target"/> from <paramref name="anchor"/>, weighted by the experts' recent errors, without the guard.</summary>
    private double Unguarded(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target)
    {
        var losses = new double[Experts.Count];
        var forecasts = new double[Experts.Count];
        for (var e = 0; e < Experts.Count; e++)
        {
            var expert = Experts[e];
            var sum = 0.0;
            for (var origin = anchor - HorizonSteps - WindowSteps + 1; origin <= anchor - HorizonSteps; origin++)
                sum += Math.Abs(observations[origin + HorizonSteps].Value - expert.Forecast(observations, origin, observations[origin + HorizonSteps].Timestamp));
            losses[e] = sum / WindowSteps;
            forecasts[e] = expert.Forecast(observations, anchor, target);
        }
        return Weighted(losses, forecasts, Eta);
    }

    /// <summary>
    /// Whether the last <paramref name="shiftSteps"/> observations up to <paramref name="anchor"/> all lie more than
    /// <paramref name="threshold"/> from the mix's forecasts of them (<paramref name="mixAt"/>, made one horizon before
    /// each), on the same side: a level shift the weights cannot have seen yet. Reads nothing after the anchor.
    /// </summary>
    internal static bool Shifted(IReadOnlyList<Observation> observations, int anchor, int horizonSteps, int shiftSteps, double threshold, Func<int, double> mixAt)
    {
        if (shiftSteps == 0) return false;
        var side = 0;
        for (var origin = anchor - horizonSteps - shiftSteps + 1; origin <= anchor - horizonSteps; origin++)
        {
            var error = observations[origin + horizonSteps].Value - mixAt(origin);
            if (!(Math.Abs(error) > threshold)) return false;
            var sign = Math.Sign(error);
            if (side != 0 && sign != side) return false;
            side = sign;
        }
        return true;
    }

    public string? ServingProblem() => Experts.Select(expert => expert.ServingProblem()).FirstOrDefault(problem => problem is not null);

    public void Dispose()
    {
        foreach (var expert in Experts) expert.Dispose();
    }

    /// <summary>
    /// The mix at each of <paramref name="anchors"/> from experts' forecasts tabulated once (<see cref="ExpertTable"/>),
    /// so that training can try every pair of <see cref="Grid"/> without forecasting again; with <paramref name="shiftSteps"/>
    /// above 0, guarded against level shifts as the served mix is (the table then also holds the origins the guard reads).
    /// </summary>
    public static double[] Mix(ExpertTable table, IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors, int windowSteps, double eta, int horizonSteps,
        int shiftSteps = 0, double shiftThreshold = 0)
    {
        var experts = table.Forecasts.Length;
        var losses = new double[experts];
        var current = new double[experts];
        // The guard reads the mix at origins the anchors share: each is computed once.
        var unguarded = new Dictionary<int, double>();
        double At(int anchor)
        {
            if (unguarded.TryGetValue(anchor, out var known)) return known;
            for (var e = 0; e < experts; e++)
            {
                var sum = 0.0;
                for (var origin = anchor - horizonSteps - windowSteps + 1; origin <= anchor - horizonSteps; origin++)
                    sum += Math.Abs(observations[origin + horizonSteps].Value - table.At(e, origin));
                losses[e] = sum / windowSteps;
                current[e] = table.At(e, anchor);
            }
            return unguarded[anchor] = Weighted(losses, current, eta);
        }
        var mixed = new double[anchors.Count];
        for (var i = 0; i < anchors.Count; i++)
        {
            var anchor = anchors[i];
            mixed[i] = Shifted(observations, anchor, horizonSteps, shiftSteps, shiftThreshold, At) ? observations[anchor].Value : At(anchor);
        }
        return mixed;
    }

    private static double Weighted(double[] losses, double[] forecasts, double eta)
    {
        var lowest = losses.Min();
        var scale = losses.Average();
        double total = 0, weighted = 0;
        for (var e = 0; e < losses.Length; e++)
        {
            // All experts exact over the window: nothing tells them apart, so they count alike.
            var weight = scale > 0 ? Math.Exp(-eta * (losses[e] - lowest) / scale) : 1;
            total += weight;
            weighted += weight * forecasts[e];
        }
        return weighted / total;
    }

    /// <summary>
    /// The origins the mix at <paramref name="anchors"/> reads, in order: each anchor and the window of origins one horizon
    /// and more before it, reaching <paramref name="guardReach"/> further back where the shift guard reads the mix there too.
    /// </summary>
    public static int[] Origins(IReadOnlyList<int> anchors, int windowSteps, int horizonSteps, int guardReach = 0)
    {
        var origins = new SortedSet<int>();
        foreach (var anchor in anchors)
        {
            origins.Add(anchor);
            // With the guard the range holds its origins (one horizon and more before the anchor) and the window of each.
            for (var origin = anchor - horizonSteps - windowSteps + 1 - guardReach; origin <= anchor - horizonSteps; origin++) origins.Add(origin);
        }
        return [.. origins];
    }

    /// <summary>Every expert's forecast at every one of some origins (<see cref="Origins"/>), each expert forecasting them in one batch.</summary>
    public sealed class ExpertTable
    {
        private readonly Dictionary<int, int> _index;

        public ExpertTable(int[] origins, double[][] forecasts)
        {
            _index = new Dictionary<int, int>(origins.Length);
            for (var i = 0; i < origins.Length; i++) _index[origins[i]] = i;
            Forecasts = forecasts;
        }

        public double[][] Forecasts { get; }

        public double At(int expert, int origin) => Forecasts[expert][_index[origin]];

        public static ExpertTable Of(IReadOnlyList<IPointForecaster> experts, IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors,
            int windowSteps, int horizonSteps, int guardReach = 0)
        {
            var origins = Origins(anchors, windowSteps, horizonSteps, guardReach);
            return new ExpertTable(origins, [.. experts.Select(expert => expert.ForecastAt(observations, origins))]);
        }
    }
}
