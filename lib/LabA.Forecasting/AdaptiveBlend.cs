using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>
/// A mix of forecasters (the experts) whose weights follow their recent errors: at origin t each expert is weighted by
/// exp(-eta * (its MAE - the lowest MAE) / the mean MAE), its MAE taken over the last <see cref="WindowSteps"/> targets
/// already observed at t (forecast from origins up to t - horizon). A workload that changes regime (a level shift, a
/// holiday a calendar model never saw) moves the weight to whichever expert is right now, where a choice made once on
/// the validation slice would keep serving the one that was right then. Everything read lies at or before t.
/// </summary>
internal sealed class AdaptiveBlend : IPointForecaster
{
    public const string WindowKey = "windowSteps";
    public const string EtaKey = "eta";
    /// <summary>The card's settings name the experts under this key.</summary>
    public const string ExpertsKey = "experts";

    /// <summary>The window and sharpness pairs training tries on the validation slice.</summary>
    public static readonly IReadOnlyList<(int WindowSteps, double Eta)> Grid = [(12, 4), (12, 8), (12, 16), (36, 4), (36, 8), (36, 16)];

    public AdaptiveBlend(IReadOnlyList<IPointForecaster> experts, int windowSteps, double eta, int horizonSteps)
    {
        if (experts.Count < 2 || experts.Any(expert => expert is Blend or AdaptiveBlend))
            throw new ForecasterRecipeException($"{ForecasterKinds.Adaptive}: needs two or more experts, none a blend");
        if (windowSteps < 1 || windowSteps > MaxWindowSteps)
            throw new ForecasterRecipeException($"{ForecasterKinds.Adaptive}: parameter '{WindowKey}' must be a whole number from 1 to {MaxWindowSteps}");
        if (!double.IsFinite(eta) || eta < 0 || eta > MaxEta)
            throw new ForecasterRecipeException($"{ForecasterKinds.Adaptive}: parameter '{EtaKey}' must be from 0 to {MaxEta}");
        Experts = experts;
        WindowSteps = windowSteps;
        Eta = eta;
        HorizonSteps = horizonSteps;
    }

    private const int MaxWindowSteps = 10_000;
    private const double MaxEta = 1000;

    public IReadOnlyList<IPointForecaster> Experts { get; }
    public int WindowSteps { get; }
    public double Eta { get; }
    public int HorizonSteps { get; }
    public string Kind => ForecasterKinds.Adaptive;

    /// <summary>The experts' own history behind the oldest origin of the window, the window and one horizon.</summary>
    public int HistoryPoints => Experts.Max(expert => Math.Max(expert.HistoryPoints, 1)) + HorizonSteps + WindowSteps - 1;

    public IReadOnlyDictionary<string, double> Parameters => new Dictionary<string, double> { [WindowKey] = WindowSteps, [EtaKey] = Eta };

    public double[] ForecastAt(IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors)
    {
        var table = ExpertTable.Of(Experts, observations, anchors, WindowSteps, HorizonSteps);
        return Mix(table, observations, anchors, WindowSteps, Eta, HorizonSteps);
    }

    public double Forecast(IReadOnlyList<Observation> observations, int anchor, DateTimeOffset target)
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

    public string? ServingProblem() => Experts.Select(expert => expert.ServingProblem()).FirstOrDefault(problem => problem is not null);

    public void Dispose()
    {
        foreach (var expert in Experts) expert.Dispose();
    }

    /// <summary>
    /// The mix at each of <paramref name="anchors"/> from experts' forecasts tabulated once (<see cref="ExpertTable"/>),
    /// so that training can try every pair of <see cref="Grid"/> without forecasting again.
    /// </summary>
    public static double[] Mix(ExpertTable table, IReadOnlyList<Observation> observations, IReadOnlyList<int> anchors, int windowSteps, double eta, int horizonSteps)
    {
        var experts = table.Forecasts.Length;
        var losses = new double[experts];
        var current = new double[experts];
        var mixed = new double[anchors.Count];
        for (var i = 0; i < anchors.Count; i++)
        {
            var anchor = anchors[i];
            for (var e = 0; e < experts; e++)
            {
                var sum = 0.0;
                for (var origin = anchor - horizonSteps - windowSteps + 1; origin <= anchor - horizonSteps; origin++)
                    sum += Math.Abs(observations[origin + horizonSteps].Value - table.At(e, origin));
                losses[e] = sum / windowSteps;
                current[e] = table.At(e, anchor);
            }
            mixed[i] = Weighted(losses, current, eta);
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

    /// <summary>The origins the mix at <paramref name="anchors"/> reads, in order: each anchor and the window of origins one horizon and more before it.</summary>
    public static int[] Origins(IReadOnlyList<int> anchors, int windowSteps, int horizonSteps)
    {
        var origins = new SortedSet<int>();
        foreach (var anchor in anchors)
        {
            origins.Add(anchor);
            for (var origin = anchor - horizonSteps - windowSteps + 1; origin <= anchor - horizonSteps; origin++) origins.Add(origin);
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
            int windowSteps, int horizonSteps)
        {
            var origins = Origins(anchors, windowSteps, horizonSteps);
            return new ExpertTable(origins, [.. experts.Select(expert => expert.ForecastAt(observations, origins))]);
        }
    }
}
