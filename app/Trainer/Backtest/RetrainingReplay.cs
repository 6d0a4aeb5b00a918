using System.Diagnostics;
using LabA.Forecasting;
using LabA.Forecasting.Promotion;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Backtest;

/// <summary>
/// The learning loop replayed: at each retrain instant of the replay the retrain job's decision is made on the history
/// before that instant alone (a challenger trained on it, scored beside the serving champion and the baselines on its
/// newest slice, promoted only by the job's rule), and the model it leaves serving forecasts until the next retrain.
/// The first champion is the backtest's model, so the predictive row is the same replay with that model frozen.
/// </summary>
public sealed class RetrainingReplay : IDisposable
{
    public const string Promoted = "promoted";
    public const string Kept = "kept";
    public const string Skipped = "skipped";

    private readonly DateTimeOffset _from;
    private readonly TimeSpan _every;
    private readonly ForecastModel _first;
    // The model serving in each retrain period, in order; the ones the replay trained are disposed with it.
    private readonly ForecastModel[] _serving;
    private readonly List<ForecastModel> _trained = [];

    private RetrainingReplay(DateTimeOffset from, TimeSpan every, ForecastModel first, int periods)
    {
        _from = from;
        _every = every;
        _first = first;
        _serving = new ForecastModel[periods];
    }

    public IReadOnlyList<RetrainDay> Days { get; private set; } = [];

    /// <summary>Every retrain of [<paramref name="from"/>, <paramref name="to"/>), each on <paramref name="series"/> before its instant.</summary>
    public static RetrainingReplay Run(LoadSeries series, ForecastModel first, DateTimeOffset from, DateTimeOffset to, RetrainingOptions options, TextWriter? progress = null)
    {
        var periods = (int)Math.Ceiling((to - from) / options.Every);
        var replay = new RetrainingReplay(from, options.Every, first, periods);
        var champion = first;
        var days = new List<RetrainDay>();
        for (var period = 0; period < periods; period++)
        {
            (var day, champion) = replay.Retrain(series, from + options.Every * period, options, champion);
            replay._serving[period] = champion;
            days.Add(day);
            progress?.WriteLine($"retrain {day.At:yyyy-MM-dd HH:mm}: {day.Decision} ({day.Seconds:0.0} s), serving {day.Serving}");
        }
        replay.Days = days;
        return replay;
    }

    /// <summary>The model serving at <paramref name="origin"/>: the first one before the replay's first retrain.</summary>
    public ForecastModel ServingAt(DateTimeOffset origin)
    {
        if (origin < _from) return _first;
        var period = (int)Math.Floor((origin - _from) / _every);
        return _serving[Math.Min(period, _serving.Length - 1)];
    }

    /// <summary>One forecaster over the replay: each forecast asks the model serving at its origin, through <paramref name="forecasterOf"/>.</summary>
    public LoadForecaster Forecaster(Func<ForecastModel, LoadForecaster> forecasterOf)
    {
        var forecasters = new Dictionary<ForecastModel, LoadForecaster>(ReferenceEqualityComparer.Instance);
        foreach (var model in _serving.Prepend(_first))
            if (!forecasters.ContainsKey(model)) forecasters[model] = forecasterOf(model);
        return (origin, target) => forecasters[ServingAt(origin)](origin, target);
    }

    /// <summary>The retrain job's decision at <paramref name="at"/>, and the model serving after it: the challenger when it is promoted.</summary>
    private (RetrainDay Day, ForecastModel Serving) Retrain(LoadSeries series, DateTimeOffset at, RetrainingOptions options, ForecastModel champion)
    {
        var timer = Stopwatch.StartNew();
        var history = HistoryBefore(series, at, options.Range);
        RetrainDay Day(string decision, string reason, ForecastModel serving) => new()
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
        if (history is null) return (Day(Skipped, "no history before it", champion), champion);
        if (HistoryRequirement.Shortfall(history, options.Challenge.HoldoutFraction) is { } shortfall) return (Day(Skipped, shortfall, champion), champion);

        var challenger = Training.Train(history, options.Challenge.TrainingFor(history, champion));
        var (comparison, decision) = options.Challenge.Judge(history, challenger, champion);
        var serving = decision.Promote ? challenger : champion;
        var day = Day(decision.Promote ? Promoted : Kept, decision.Reason, serving) with
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
