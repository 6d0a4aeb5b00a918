using System.Diagnostics;
using LabA.Domain.Settings;
using LabA.Forecasting;
using LabA.Forecasting.Promotion;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>
/// The learning loop replayed. The first model is trained as a retrain would train it, on the history before the replay,
/// and serves from its start (the frozen row keeps it throughout). Then at each retrain instant the retrain job's
/// decision is made on the history before that instant alone: a challenger trained on it, scored beside the serving
/// champion and the baselines on its newest slice, promoted only by the job's rule; the model it leaves serving
/// forecasts until the next retrain. Every champion was trained by an earlier retrain, so its training part ended
/// before the slice it is scored on, as in the cluster.
/// </summary>
public sealed class RetrainingReplay : IDisposable
{
    /// <summary>The first model's entry: it serves from the start of the replay, as a fresh cluster's first model does.</summary>
    public const string First = "first";
    public const string Promoted = "promoted";
    public const string Kept = "kept";
    public const string Skipped = "skipped";

    private readonly DateTimeOffset _from;
    private readonly TimeSpan _every;
    // The model serving in each retrain period, in order; every model the replay trained is disposed with it.
    private readonly ForecastModel[] _serving;
    private readonly List<ForecastModel> _trained = [];

    private RetrainingReplay(DateTimeOffset from, TimeSpan every, ForecastModel first, int periods)
    {
        _from = from;
        _every = every;
        FirstModel = first;
        _serving = new ForecastModel[periods];
        _trained.Add(first);
    }

    /// <summary>The first model and every retrain after it, in order: <c>Days[i]</c> left the model serving period i.</summary>
    public IReadOnlyList<RetrainDay> Days { get; private set; } = [];

    /// <summary>The model trained on the history before the replay: what the frozen row serves throughout.</summary>
    public ForecastModel FirstModel { get; }

    /// <summary>
    /// The first model and every retrain of [<paramref name="from"/>, <paramref name="to"/>), each on
    /// <paramref name="series"/> before its instant. <paramref name="shape"/> (the backtest's model) gives the features and
    /// horizon, as a champion gives them to the retrain job. Throws <see cref="SettingsException"/> when the history before
    /// the replay is too short to train the first model on.
    /// </summary>
    public static RetrainingReplay Run(LoadSeries series, ForecastModel shape, DateTimeOffset from, DateTimeOffset to, RetrainingOptions options,
        TextWriter? progress = null)
    {
        var timer = Stopwatch.StartNew();
        var history = HistoryBefore(series, from, options.Range);
        var tooShort = history is null ? "there is none" : HistoryRequirement.Shortfall(history, options.Challenge.HoldoutFraction);
        if (history is null || tooShort is not null)
            throw new SettingsException("--retrain-range", $"the retraining replay cannot train its first model on the history before {from:O}: {tooShort}");
        var first = Training.Train(history, options.Challenge.TrainingFor(history, shape));
        var (comparison, _) = options.Challenge.Judge(history, first, champion: null);
        var replay = new RetrainingReplay(from, options.Every, first, (int)Math.Ceiling((to - from) / options.Every));
        var days = new List<RetrainDay>
        {
            Day(from, history, First, "trained on the history before the replay; serves from its start, and throughout in the frozen row", first, timer) with
            {
                Challenger = first.Card.Version,
                ChallengerForecaster = first.Card.Trainer.Name,
                ChallengerMae = comparison.Challenger.Mae,
            },
        };
        replay._serving[0] = first;
        progress?.WriteLine($"retraining replay: first model {first.Card.Version} ({first.Card.Trainer.Name}) in {timer.Elapsed.TotalSeconds:0.0} s");
        var champion = first;
        for (var period = 1; period < replay._serving.Length; period++)
        {
            (var day, champion) = replay.Retrain(series, from + options.Every * period, options, champion);
            replay._serving[period] = champion;
            days.Add(day);
            progress?.WriteLine($"retrain {day.At:yyyy-MM-dd HH:mm}: {day.Decision} ({day.Seconds:0.0} s), serving {day.Serving}");
        }
        replay.Days = days;
        return replay;
    }

    /// <summary>The model serving at <paramref name="origin"/>: the first one up to the second retrain.</summary>
    public ForecastModel ServingAt(DateTimeOffset origin)
    {
        var period = (int)Math.Floor((origin - _from) / _every);
        return _serving[Math.Clamp(period, 0, _serving.Length - 1)];
    }

    /// <summary>One forecaster over the replay: each forecast asks the model serving at its origin, through <paramref name="forecasterOf"/>.</summary>
    public LoadForecaster Forecaster(Func<ForecastModel, LoadForecaster> forecasterOf)
    {
        var forecasters = new Dictionary<ForecastModel, LoadForecaster>(ReferenceEqualityComparer.Instance);
        foreach (var model in _serving)
            if (!forecasters.ContainsKey(model)) forecasters[model] = forecasterOf(model);
        return (origin, target) => forecasters[ServingAt(origin)](origin, target);
    }

    /// <summary>The retrain job's decision at <paramref name="at"/>, and the model serving after it: the challenger when it is promoted.</summary>
    private (RetrainDay Day, ForecastModel Serving) Retrain(LoadSeries series, DateTimeOffset at, RetrainingOptions options, ForecastModel champion)
    {
        var timer = Stopwatch.StartNew();
        var history = HistoryBefore(series, at, options.Range);
        if (history is null) return (Day(at, history, Skipped, "no history before it", champion, timer), champion);
        if (HistoryRequirement.Shortfall(history, options.Challenge.HoldoutFraction) is { } shortfall)
            return (Day(at, history, Skipped, shortfall, champion, timer), champion);

        var challenger = Training.Train(history, options.Challenge.TrainingFor(history, champion));
        var (comparison, decision) = options.Challenge.Judge(history, challenger, champion);
        var serving = decision.Promote ? challenger : champion;
        var day = Day(at, history, decision.Promote ? Promoted : Kept, decision.Reason, serving, timer) with
        {
            Challenger = challenger.Card.Version,
            ChallengerForecaster = challenger.Card.Trainer.Name,
            ChallengerMae = comparison.Challenger.Mae,
            ChampionMae = comparison.Champion?.Mae,
        };
        if (decision.Promote) _trained.Add(challenger);
        else challenger.Dispose();
        return (day, serving);
    }

    private static RetrainDay Day(DateTimeOffset at, LoadSeries? history, string decision, string reason, ForecastModel serving, Stopwatch timer) => new()
    {
        At = at,
        HistoryFrom = history?.Start ?? at,
        HistoryTo = history?.End ?? at,
        Points = history?.Count ?? 0,
        Decision = decision,
        Reason = reason,
        Serving = serving.Card.Version,
        Seconds = timer.Elapsed.TotalSeconds,
    };

    /// <summary>
    /// The observations in [<paramref name="at"/> − <paramref name="range"/>, <paramref name="at"/>) as a series of their own,
    /// null when fewer than two. Points filled across a gap that closes at or after <paramref name="at"/> are dropped:
    /// their values were interpolated towards a point not yet observed.
    /// </summary>
    public static LoadSeries? HistoryBefore(LoadSeries series, DateTimeOffset at, TimeSpan range)
    {
        var observations = series.Observations;
        var first = (int)Math.Clamp(Math.Ceiling((at - range - series.Start) / series.Step), 0, observations.Count);
        var end = (int)Math.Clamp(Math.Ceiling((at - series.Start) / series.Step), 0, observations.Count);
        while (end > first && series.IsFilled(end - 1)) end--;
        if (end - first < 2) return null;
        var slice = new ArraySegment<Observation>([.. observations], first, end - first);
        return LoadSeries.Create(slice, $"{series.Source} before {at:yyyy-MM-ddTHH:mm:ssZ}", series.ValueName);
    }

    public void Dispose()
    {
        foreach (var model in _trained) model.Dispose();
    }
}
