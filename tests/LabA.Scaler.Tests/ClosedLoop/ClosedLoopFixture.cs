using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Series;
using LabA.Forecasting.Synthetic;

namespace LabA.Scaler.Tests.ClosedLoop;

/// <summary>
/// The real parts of the closed loop, made once for the suite: a calendar and a recent model trained with the Trainer's
/// code on a week of synthetic load ending at <see cref="Now"/>, a real Predictor process serving each, and a real
/// Prometheus (Debian's) backfilled with that load as the load source's gauge for the target, beside one series per fault.
/// </summary>
public sealed class ClosedLoopFixture : IAsyncLifetime
{
    /// <summary>The decision time: 20 s after the series' last point, as a CronJob run finds it.</summary>
    public static readonly DateTimeOffset Now = ScalerHarness.Start.AddSeconds(20);

    /// <summary>A load that needs the most replicas: what a burst the forecast missed looks like.</summary>
    public const double BurstLoad = 97;

    /// <summary>The replica mapping the Predictor and the Scaler share in these tests (the defaults, spelt out).</summary>
    public static readonly IReadOnlyDictionary<string, string> Mapping = new Dictionary<string, string>
    {
        [RecommendationCatalogue.MinReplicas.Env] = "1", [RecommendationCatalogue.MaxReplicas.Env] = "10", [RecommendationCatalogue.CpuLow.Env] = "20", [RecommendationCatalogue.CpuHigh.Env] = "80",
    };

    /// <summary>What Prometheus holds: two days, more than a recent model reads (its day-ago feature included).</summary>
    private static readonly TimeSpan Kept = TimeSpan.FromDays(2);
    private readonly string _root = TestDirectory.Create("labA-scaler-closed-loop-");
    private PrometheusServer? _prometheus;

    /// <summary>A week at one-minute steps whose last point is at <see cref="ScalerHarness.Start"/>.</summary>
    public LoadSeries Series { get; } = SyntheticLoad.Generate(new SyntheticLoadOptions
    {
        Days = 7, Start = ScalerHarness.Start - TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1),
    });

    public string CalendarModel => Path.Combine(_root, "calendar");
    public string RecentModel => Path.Combine(_root, "recent");
    public PredictorProcess CalendarPredictor { get; private set; } = null!;
    public PredictorProcess RecentPredictor { get; private set; } = null!;
    public string PrometheusUrl => _prometheus!.Url;

    /// <summary>The LOAD_QUERY of each fault's series (the good one is the default query for <see cref="ScalerHarness.Deployment"/>).</summary>
    public static class Queries
    {
        public static readonly string Burst = Names.LoadSourceQuery("burst");
        public static readonly string Stale = Names.LoadSourceQuery("stale");
        public static readonly string NaN = Names.LoadSourceQuery("nan");
        public static readonly string Inf = Names.LoadSourceQuery("inf");
        public static readonly string OutOfRange = Names.LoadSourceQuery("huge");
        public static readonly string TwoSeries = Names.LoadSourceQuery("two");
        public static readonly string NoSeries = Names.LoadSourceQuery("nobody");

        // Missed scrapes: the samples are NaN, which the comparison drops, so Prometheus answers without those points.
        /// <summary>One sample missing, half an hour ago.</summary>
        public static readonly string OneMissing = Names.LoadSourceQuery("gap1") + " >= 0";
        /// <summary>Five missing, the newest among them (the latest left is a step old, still fresh).</summary>
        public static readonly string FiveMissing = Names.LoadSourceQuery("gap5") + " >= 0";
        /// <summary>One sample, 40 minutes ago, at a load no part of the loop takes (a broken exporter's -1).</summary>
        public static readonly string OneNegative = Names.LoadSourceQuery("negative1");
        /// <summary>Two hours missing three hours ago: longer than the fill limit, so no full window is left.</summary>
        public static readonly string LongGap = Names.LoadSourceQuery("gap2h") + " >= 0";
    }

    /// <summary>Minutes before the newest point that <see cref="Queries.FiveMissing"/> misses.</summary>
    public static readonly int[] FiveMissingAgo = [0, 7, 100, 500, 1000];

    public async Task InitializeAsync()
    {
        var training = Task.Run(() =>
        {
            Training.TrainToDirectory(Series, new TrainingOptions { FeatureSet = FeatureSpec.CalendarName, Trainer = Trainers.FastTree }, CalendarModel).Dispose();
            Training.TrainToDirectory(Series, new TrainingOptions { FeatureSet = FeatureSpec.RecentName, Trainer = Trainers.FastTree }, RecentModel).Dispose();
        });
        _prometheus = new PrometheusServer(History());
        await training;
        CalendarPredictor = await PredictorProcess.StartAsync(CalendarModel, Mapping);
        RecentPredictor = await PredictorProcess.StartAsync(RecentModel, Mapping);
    }

    /// <summary>The last <see cref="Kept"/> of the series, as Prometheus would have scraped it.</summary>
    public IReadOnlyList<(DateTimeOffset Timestamp, double Value)> Recent() =>
        [.. Series.Observations.Where(o => o.Timestamp > ScalerHarness.Start - Kept).Select(o => (o.Timestamp, o.Value))];

    private Dictionary<string, IReadOnlyList<(DateTimeOffset Timestamp, double Value)>> History()
    {
        var recent = Recent();
        IReadOnlyList<(DateTimeOffset, double)> EndingWith(double last) => [.. recent.SkipLast(1), (recent[^1].Timestamp, last)];
        IReadOnlyList<(DateTimeOffset, double)> Missing(Func<int, bool> ago) =>
            [.. recent.Select((o, i) => ago(recent.Count - 1 - i) ? (o.Timestamp, double.NaN) : o)];
        return new()
        {
            [Names.LoadSourceQuery(ScalerHarness.Deployment)] = recent,
            // The last three minutes at a load no forecast of this series reaches.
            [Queries.Burst] = [.. recent.SkipLast(3), .. recent.TakeLast(3).Select(o => (o.Timestamp, BurstLoad))],
            // Scraping stopped five minutes ago, at a load that would lift the floor if it were used.
            [Queries.Stale] = [.. recent.SkipLast(6), .. recent.SkipLast(5).TakeLast(1).Select(o => (o.Timestamp, BurstLoad))],
            [Queries.NaN] = EndingWith(double.NaN),
            [Names.LoadSourceQuery("gap1")] = Missing(ago => ago == 30),
            [Names.LoadSourceQuery("gap5")] = Missing(ago => FiveMissingAgo.Contains(ago)),
            [Names.LoadSourceQuery("gap2h")] = Missing(ago => ago is >= 180 and < 300),
            [Queries.OneNegative] = [.. recent.Select((o, i) => recent.Count - 1 - i == 40 ? (o.Timestamp, -1.0) : o)],
            [Queries.Inf] = EndingWith(double.PositiveInfinity),
            [Queries.OutOfRange] = EndingWith(5000),
            [Names.LoadSourceQuery("two")[..^1] + ",pod=\"a\"}"] = recent,
            [Names.LoadSourceQuery("two")[..^1] + ",pod=\"b\"}"] = recent,
        };
    }

    public async Task DisposeAsync()
    {
        await CalendarPredictor.DisposeAsync();
        await RecentPredictor.DisposeAsync();
        _prometheus?.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
