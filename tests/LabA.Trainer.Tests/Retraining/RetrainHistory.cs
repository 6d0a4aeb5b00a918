using k8s;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Synthetic;
using LabA.Trainer.Retraining;

namespace LabA.Trainer.Tests.Retraining;

/// <summary>
/// A real Prometheus holding a week of one-minute synthetic load (without the weekend dip: a week holds one weekend,
/// which a calendar model would meet first in the hold-out) for the sample app under the Scaler's default
/// LOAD_QUERY, two days of another workload (too short to retrain on), and a week of a differently shaped load; plus
/// two models trained by the retrain job itself: one on the same week (a champion as good as any challenger it trains)
/// and one on the other load (a poor champion for that week).
/// </summary>
public sealed class RetrainHistory : IDisposable
{
    public static readonly string Load = Names.LoadSourceQuery(ScalerCatalogue.TargetDeployment.Default);
    public const string ShortLoad = "short_load{target=\"sample-app\"}";
    public const string OtherLoad = "other_load{target=\"sample-app\"}";
    /// <summary>Histories the Predictor could not serve a model of: load below zero, load far beyond its bounds.</summary>
    public const string NegativeLoad = "negative_load{target=\"sample-app\"}";
    public const string HugeLoad = "huge_load{target=\"sample-app\"}";
    public const string Namespace = Defaults.Namespace;
    public static readonly TimeSpan Range = TimeSpan.FromDays(7);
    private static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
    private readonly Lazy<ModelUnit> _champion;
    private readonly Lazy<ModelUnit> _poorChampion;

    public RetrainHistory()
    {
        var week = Samples(new SyntheticLoadOptions { Days = 7, Start = Start, Weekly = false });
        var other = Samples(new SyntheticLoadOptions { Days = 7, Start = Start, BaseLow = 55, BaseHigh = 60, NoiseStd = 1, Seed = 7, Weekly = false });
        Server = new PrometheusServer(new Dictionary<string, IReadOnlyList<(DateTimeOffset, double)>>
        {
            [Load] = week,
            [ShortLoad] = week[^(2 * 24 * 60)..],
            [OtherLoad] = other,
            [NegativeLoad] = [.. week.Select(sample => (sample.Item1, sample.Item2 - 100))],
            [HugeLoad] = [.. week.Select(sample => (sample.Item1, 1e300))],
        });
        End = week[^1].Item1;
        _champion = new Lazy<ModelUnit>(() => TrainedModel(Load));
        _poorChampion = new Lazy<ModelUnit>(() => TrainedModel(OtherLoad));
    }


    public PrometheusServer Server { get; }
    public DateTimeOffset End { get; }
    public ModelUnit Champion => _champion.Value;
    public ModelUnit PoorChampion => _poorChampion.Value;

    /// <summary>The Role the stack grants the retrain job: get and update on the model store alone, create on events.</summary>
    public static IReadOnlyList<RbacRule> RetrainRole =>
    [
        new([""], ["configmaps"], ["get", "patch"], [Names.ModelStore]),
        new([""], ["events"], ["create"]),
    ];

    /// <summary>The job's settings as the command's defaults make them (<paramref name="trainer"/> auto) for the history of <paramref name="query"/>.</summary>
    public RetrainSettings Settings(string query, string trainer = Trainers.Auto, string? outDirectory = null) => new()
    {
        Source = new SeriesSource { Prometheus = new PrometheusRange(Server.Url, query, Range, TimeSpan.FromMinutes(1), End) },
        Store = new ModelStoreAddress(Namespace, Names.ModelStore),
        Challenge = new ChallengeSettings
        {
            Margin = Defaults.PromotionMargin,
            Trainer = trainer,
            RollingWindow = TimeSpan.FromHours(1),
            HoldoutFraction = 0.2,
        },
        OutDirectory = outDirectory,
    };

    /// <summary>One retrain job in this process against <paramref name="kubernetes"/>: its outcome and its log.</summary>
    public async Task<(RetrainOutcome Outcome, string Log)> RetrainAsync(KubernetesApiStandIn kubernetes, RetrainSettings settings)
    {
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = kubernetes.Url });
        var log = new StringWriter();
        var outcome = await new RetrainJob(settings, new ModelStore(client, settings.Store!), log, TimeProvider.System).RunAsync(CancellationToken.None);
        return (outcome, log.ToString());
    }

    /// <summary>The stand-in with the store as the stack creates it (empty), or holding <paramref name="stored"/>, under the retrain Role.</summary>
    public static async Task<KubernetesApiStandIn> ClusterAsync(IReadOnlyDictionary<string, byte[]>? stored = null)
    {
        var kubernetes = await KubernetesApiStandIn.StartAsync();
        kubernetes.AddConfigMap(Namespace, Names.ModelStore, binaryData: stored);
        kubernetes.Role = RetrainRole;
        return kubernetes;
    }

    public static Dictionary<string, byte[]> Serving(ModelUnit unit) => new()
    {
        [ModelStoreKeys.Archive] = unit.Archive,
        [ModelStoreKeys.Card] = unit.Card,
    };

    /// <summary>The challenger a retrain on <paramref name="query"/> trains, with its card as the job writes it.</summary>
    private ModelUnit TrainedModel(string query)
    {
        var directory = TrainerProcess.NewWorkingDirectory();
        var settings = Settings(query, outDirectory: directory) with { Store = null };
        // The job writes its challenger into the directory whatever it decides.
        new RetrainJob(settings, null, TextWriter.Null, TimeProvider.System).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        return ModelUnit.Read(directory);
    }

    private static (DateTimeOffset, double)[] Samples(SyntheticLoadOptions options) =>
        [.. SyntheticLoad.Generate(options).Observations.Select(o => (o.Timestamp, o.Value))];

    public void Dispose() => Server.Dispose();
}
