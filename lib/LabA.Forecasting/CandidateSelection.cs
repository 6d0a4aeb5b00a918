using System.Globalization;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>
/// Chooses the forecaster to serve on a validation slice inside the training part: each candidate is fitted on the
/// targets before the slice and scored on it, and the lowest MAE wins; a blend of the best with another, or the adaptive
/// mix of every candidate (<see cref="AdaptiveBlend"/>), is served only where it beats that by a margin. The winner is
/// then refitted on the whole training part. The best calendar candidate following the recent level (<see cref="LevelFollowing"/>)
/// is one more candidate, its window and weight picked on the same slice. Every candidate's hold-out MAE is computed for the card, but after the
/// choice and never read by it.
/// </summary>
internal static class CandidateSelection
{
    private static readonly double[] BlendWeights = [0.25, 0.5, 0.75];

    public static readonly string Rule = string.Create(CultureInfo.InvariantCulture,
        $"lowest MAE on the validation slice, each candidate fitted only on the training targets before it; a blend of the best one " +
        $"with another (weights {string.Join(", ", BlendWeights[..^1].Select(weight => weight.ToString(CultureInfo.InvariantCulture)))} " +
        $"or {BlendWeights[^1]}), or the adaptive mix of every candidate weighted by its recent errors (window and sharpness picked there too; " +
        $"at horizons over {AdaptiveBlend.ShiftSteps} steps it serves the last observation while the last {AdaptiveBlend.ShiftSteps} observations " +
        $"all lie over {AdaptiveBlend.ShiftScale} of its validation MAEs from its forecasts on one side), " +
        $"only where it is at least {Training.MixGain * 100}% lower; the best calendar candidate plus the recent level " +
        $"(window picked there too) is one more candidate, and a pick that cannot follow a level shift gives way to the best one that can " +
        $"(the level-following candidate unless persistence, the rolling mean or the adaptive mix is that much lower) unless it is at least " +
        $"{Training.LevelGain * 100}% lower (the level-following candidate is guarded as the adaptive mix is); ties go to the simpler candidate; the winner is refitted on the whole training part");

    /// <summary>What was chosen: the forecaster to serve (fitted on the whole training part) and its errors on validation and hold-out.</summary>
    public sealed record Outcome(
        IPointForecaster Served,
        string Name,
        IReadOnlyDictionary<string, string> Settings,
        double[] ValidationForecasts,
        double[] HoldoutForecasts,
        IReadOnlyList<CandidateScore> Scores,
        HoltWinters? HoltWinters);

    /// <summary>One slice the candidates forecast: its anchors and, before them, the origins an adaptive mix's window reads.</summary>
    private sealed record Slice(IReadOnlyList<int> Anchors, int[] Origins, int[] AnchorPositions, double[] Actuals);

    /// <summary>A candidate fitted before one slice and its forecasts at every origin of that slice.</summary>
    private sealed record Fit(IPointForecaster? Forecaster, double[] AtOrigins);

    private sealed record Scored(Candidate Candidate, IPointForecaster Early, IPointForecaster Final, double[] EarlyOrigins, double[] FinalOrigins,
        double[] Validation, double[] Holdout, double ValidationMae, double HoldoutMae);

    private sealed record Mix(string Name, IPointForecaster Served, IReadOnlyDictionary<string, string> Settings, double[] Validation, double[] Holdout,
        CandidateScore Score, IReadOnlyList<IPointForecaster> Keeps);

    /// <summary>Fits, scores and chooses; <paramref name="followLevel"/>: whether the best calendar candidate following the recent level is a candidate too (auto).</summary>
    public static Outcome Run(LoadSeries series, FeatureSpec spec, IReadOnlyList<Candidate> candidates, int validationStart, int holdoutStart,
        IReadOnlyList<int> validationAnchors, IReadOnlyList<int> holdoutAnchors, bool followLevel)
    {
        var widest = AdaptiveBlend.Grid.Max(pair => pair.WindowSteps);
        var validation = SliceOf(series, spec, validationAnchors, widest);
        var holdout = SliceOf(series, spec, holdoutAnchors, widest);

        // Every fit is independent of the others: run them side by side, the slowest first, so the two fits of one
        // candidate (before the slice, on the whole training part) do not wait for each other.
        var jobs = candidates
            .SelectMany(candidate => new[] { (Candidate: candidate, End: validationStart, Slice: validation), (Candidate: candidate, End: holdoutStart, Slice: holdout) })
            .ToArray();
        var fits = new Fit[jobs.Length];
        Parallel.ForEach(Enumerable.Range(0, jobs.Length).Reverse(), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) },
            i => fits[i] = FitAndForecast(jobs[i].Candidate, jobs[i].End, jobs[i].Slice, series));

        var scored = new List<Scored>();
        var scores = new List<CandidateScore>();
        for (var c = 0; c < candidates.Count; c++)
        {
            var (candidate, early, final) = (candidates[c], fits[2 * c], fits[2 * c + 1]);
            if (early.Forecaster is null || final.Forecaster is null)
            {
                early.Forecaster?.Dispose();
                final.Forecaster?.Dispose();
                scores.Add(new CandidateScore(candidate.Name, candidate.Kind, null, null, new Dictionary<string, string>(),
                    $"needs more history than the training part holds before the validation slice ({series.Observations[validationStart].Timestamp:yyyy-MM-ddTHH:mm:ssZ})"));
                continue;
            }
            var validationForecasts = validation.Select(early.AtOrigins);
            var holdoutForecasts = holdout.Select(final.AtOrigins);
            var entry = new Scored(candidate, early.Forecaster, final.Forecaster, early.AtOrigins, final.AtOrigins, validationForecasts, holdoutForecasts,
                Metrics.Of(validationForecasts, validation.Actuals).Mae, Metrics.Of(holdoutForecasts, holdout.Actuals).Mae);
            scored.Add(entry);
            scores.Add(new CandidateScore(candidate.Name, candidate.Kind, entry.ValidationMae, entry.HoldoutMae, candidate.SettingsOf(final.Forecaster)));
        }
        if (scored.Count == 0) throw new InvalidOperationException("no candidate could be fitted");
        if (followLevel && BestLevelFollowing(series, spec, scored, validation, holdout) is { } following)
        {
            scored.Add(following);
            scores.Add(new CandidateScore(following.Candidate.Name, following.Candidate.Kind, following.ValidationMae, following.HoldoutMae,
                following.Candidate.SettingsOf(following.Final)));
        }

        // The first of equals wins: candidates come simplest first.
        var best = scored.MinBy(entry => entry.ValidationMae)!;
        var holtWinters = scored.Select(entry => entry.Final).OfType<HoltWinters>().FirstOrDefault();
        var mixes = new[] { BestBlend(scored, validation, holdout), BestAdaptive(series, spec, scored, validation, holdout) };
        scores.AddRange(mixes.OfType<Mix>().Select(mix => mix.Score));

        // A mix must beat the best single candidate by the margin, and the adaptive one also the blend it would replace.
        Mix? chosen = null;
        var bar = best.ValidationMae;
        foreach (var mix in mixes.OfType<Mix>())
        {
            if (mix.Score.ValidationMae >= bar * (1 - Training.MixGain)) continue;
            chosen = mix;
            bar = mix.Score.ValidationMae!.Value;
        }
        var outcome = chosen is null
            ? new Outcome(best.Final, best.Candidate.Name, best.Candidate.SettingsOf(best.Final), best.Validation, best.Holdout, scores, holtWinters)
            : new Outcome(chosen.Served, chosen.Name, chosen.Settings, chosen.Validation, chosen.Holdout, scores, holtWinters);
        // A pick that cannot follow a level shift gives way to the best one that can unless it is lower by the margin (Training.LevelGain).
        if (followLevel && !LevelFollowing.Follows(outcome.Served))
        {
            // As in the choice above, a mix must beat the best single candidate by Training.MixGain.
            var single = scored.Where(entry => LevelFollowing.Follows(entry.Final)).MinBy(entry => entry.ValidationMae);
            var mixed = mixes.OfType<Mix>().Where(mix => LevelFollowing.Follows(mix.Served) && (single is null || mix.Score.ValidationMae < single.ValidationMae * (1 - Training.MixGain)))
                .MinBy(mix => mix.Score.ValidationMae);
            var follower = mixed is not null
                ? (Mae: mixed.Score.ValidationMae!.Value, Entry: (Scored?)null, Mix: (Mix?)mixed)
                : (Mae: single?.ValidationMae ?? double.NaN, Entry: single, Mix: (Mix?)null);
            // The level-following candidate unless another is lower by the same margin: it alone also serves from the clock,
            // so a cluster without observations yet is served from the first minute.
            if (scored.FirstOrDefault(entry => entry.Final is LevelFollowing) is { } level && !(follower.Mae < level.ValidationMae * (1 - Training.LevelGain)))
                follower = (level.ValidationMae, level, null);
            if ((follower.Entry ?? (object?)follower.Mix) is not null && bar > follower.Mae * (1 - Training.LevelGain))
            {
                chosen = follower.Mix;
                outcome = follower switch
                {
                    { Mix: { } mix } => new Outcome(mix.Served, mix.Name, mix.Settings, mix.Validation, mix.Holdout, scores, holtWinters),
                    { Entry: { } entry } => new Outcome(entry.Final, entry.Candidate.Name, entry.Candidate.SettingsOf(entry.Final), entry.Validation, entry.Holdout,
                        scores, holtWinters),
                    _ => outcome,
                };
            }
        }
        var keep = new HashSet<IPointForecaster>(ReferenceEqualityComparer.Instance) { outcome.Served };
        if (chosen is not null) keep.UnionWith(chosen.Keeps);
        if (holtWinters is not null) keep.Add(holtWinters);
        // A level-following forecaster owns nothing but its profile, which the profile's own entry holds.
        keep.UnionWith([.. keep.OfType<LevelFollowing>().Select(following => following.Profile)]);
        foreach (var entry in scored)
        {
            if (entry.Final is LevelFollowing) continue;
            if (!ReferenceEquals(entry.Early, entry.Final)) entry.Early.Dispose();
            if (!keep.Contains(entry.Final)) entry.Final.Dispose();
        }
        return outcome;
    }

    /// <summary>The shift guard's settings, as the card lists them beside a guarded candidate's own; none where it is off.</summary>
    private static void AddGuardSettings(Dictionary<string, string> settings, int shiftSteps, double threshold)
    {
        if (shiftSteps == 0) return;
        settings[AdaptiveBlend.ShiftStepsKey] = shiftSteps.ToString(CultureInfo.InvariantCulture);
        settings[AdaptiveBlend.ShiftThresholdKey] = threshold.ToString("G6", CultureInfo.InvariantCulture);
    }

    private static Slice SliceOf(LoadSeries series, FeatureSpec spec, IReadOnlyList<int> anchors, int widestWindow)
    {
        var reach = AdaptiveBlend.GuardReach(spec.HorizonSteps, AdaptiveBlend.ShiftStepsFor(spec.HorizonSteps));
        var origins = AdaptiveBlend.Origins(anchors, widestWindow, spec.HorizonSteps, reach).Where(origin => origin >= 0).ToArray();
        var positions = anchors.Select(anchor => Array.BinarySearch(origins, anchor)).ToArray();
        return new Slice(anchors, origins, positions, Evaluation.Actuals(series, spec, anchors));
    }

    private static double[] Select(this Slice slice, double[] atOrigins) => [.. slice.AnchorPositions.Select(position => atOrigins[position])];

    /// <summary>
    /// Fits <paramref name="candidate"/> on the targets before <paramref name="end"/> and forecasts the slice's origins; its
    /// forecaster is null where it cannot be fitted there or needs more history than the slice's first origin has.
    /// </summary>
    private static Fit FitAndForecast(Candidate candidate, int end, Slice slice, LoadSeries series)
    {
        var forecaster = candidate.FitBefore(end);
        if (forecaster is null || forecaster.HistoryPoints - 1 > slice.Anchors[0])
        {
            forecaster?.Dispose();
            return new Fit(null, []);
        }
        // Origins before the history the forecaster needs are never read: only the adaptive mix's window reaches them, and it leaves such an expert out.
        var first = Array.FindIndex(slice.Origins, origin => origin >= forecaster.HistoryPoints - 1);
        var forecasts = new double[slice.Origins.Length];
        var reachable = Evaluation.ForecastAt(forecaster, series, slice.Origins[first..]);
        Array.Copy(reachable, 0, forecasts, first, reachable.Length);
        Array.Fill(forecasts, double.NaN, 0, first);
        return new Fit(forecaster, forecasts);
    }

    /// <summary>
    /// The best candidate blended with each other one at each of <see cref="BlendWeights"/>, the lowest validation MAE
    /// of these; null with fewer than two candidates. A partner that errs differently (the rolling mean's view of a
    /// burst beside a calendar model's daily shape) can lower the error where each alone cannot.
    /// </summary>
    private static Mix? BestBlend(List<Scored> scored, Slice validation, Slice holdout)
    {
        if (scored.Count < 2) return null;
        var first = scored.MinBy(entry => entry.ValidationMae)!;
        var (weight, second, mae) = scored.Where(entry => !ReferenceEquals(entry, first))
            .SelectMany(partner => BlendWeights.Select(w => (Weight: w, Partner: partner, Mae: Metrics.Of(Weigh(w, first.Validation, partner.Validation), validation.Actuals).Mae)))
            .MinBy(option => option.Mae);
        var settings = new Dictionary<string, string>
        {
            [first.Candidate.Name] = weight.ToString(CultureInfo.InvariantCulture),
            [second.Candidate.Name] = (1 - weight).ToString(CultureInfo.InvariantCulture),
        };
        var holdoutForecasts = Weigh(weight, first.Holdout, second.Holdout);
        return new Mix(ForecasterKinds.Blend, new Blend([(weight, first.Final), (1 - weight, second.Final)]), settings,
            Weigh(weight, first.Validation, second.Validation), holdoutForecasts,
            new CandidateScore(ForecasterKinds.Blend, ForecasterKinds.Blend, mae, Metrics.Of(holdoutForecasts, holdout.Actuals).Mae, settings),
            [first.Final, second.Final]);
    }

    /// <summary>
    /// The adaptive mix of every candidate that has the history its window reads, at the pair of <see cref="AdaptiveBlend.Grid"/>
    /// with the lowest validation MAE, its experts' forecasts taken from the fits already made; null with fewer than two experts.
    /// </summary>
    private static Mix? BestAdaptive(LoadSeries series, FeatureSpec spec, List<Scored> scored, Slice validation, Slice holdout)
    {
        var horizon = spec.HorizonSteps;
        var widest = AdaptiveBlend.Grid.Max(pair => pair.WindowSteps);
        var shiftSteps = AdaptiveBlend.ShiftStepsFor(horizon);
        var reach = AdaptiveBlend.GuardReach(horizon, shiftSteps);
        bool Reaches(Slice slice, int historyPoints) =>
            slice.Origins.Length > 0 && slice.Origins[0] >= historyPoints - 1 && slice.Origins[0] <= slice.Anchors[0] - horizon - widest + 1 - reach;
        var experts = scored.Where(entry => Reaches(validation, entry.Early.HistoryPoints) && Reaches(holdout, entry.Final.HistoryPoints)).ToArray();
        if (experts.Length < 2) return null;

        var earlyTable = new AdaptiveBlend.ExpertTable(validation.Origins, [.. experts.Select(entry => entry.EarlyOrigins)]);
        var (window, eta, validationForecasts) = AdaptiveBlend.Grid
            .Select(pair => (pair.WindowSteps, pair.Eta, Forecasts: AdaptiveBlend.Mix(earlyTable, series.Observations, validation.Anchors, pair.WindowSteps, pair.Eta, horizon)))
            .MinBy(option => Metrics.Of(option.Forecasts, validation.Actuals).Mae);
        // The guard's threshold is in the mix's own validation errors: the weights are picked without it, since a
        // validation slice without a level shift cannot show what it is for.
        var threshold = AdaptiveBlend.ShiftScale * Metrics.Of(validationForecasts, validation.Actuals).Mae;
        if (shiftSteps > 0)
            validationForecasts = AdaptiveBlend.Mix(earlyTable, series.Observations, validation.Anchors, window, eta, horizon, shiftSteps, threshold);
        var finalTable = new AdaptiveBlend.ExpertTable(holdout.Origins, [.. experts.Select(entry => entry.FinalOrigins)]);
        var holdoutForecasts = AdaptiveBlend.Mix(finalTable, series.Observations, holdout.Anchors, window, eta, horizon, shiftSteps, threshold);
        var served = new AdaptiveBlend([.. experts.Select(entry => entry.Final)], window, eta, horizon, shiftSteps, threshold);
        // Inside a gap the served mix reads the series as it was known then; the tables hold each expert's forecasts as
        // known at their own origins. Where the series has gaps the mix's scores are therefore those it forecasts itself.
        // (The mix owns nothing but its experts, which the candidates' entries dispose.)
        if (Enumerable.Range(0, series.Count).Any(series.IsFilled))
        {
            validationForecasts = Evaluation.ForecastAt(new AdaptiveBlend([.. experts.Select(entry => entry.Early)], window, eta, horizon, shiftSteps, threshold), series,
                validation.Anchors);
            holdoutForecasts = Evaluation.ForecastAt(served, series, holdout.Anchors);
        }
        var settings = new Dictionary<string, string>
        {
            [AdaptiveBlend.WindowKey] = window.ToString(CultureInfo.InvariantCulture),
            [AdaptiveBlend.EtaKey] = eta.ToString(CultureInfo.InvariantCulture),
            [AdaptiveBlend.ExpertsKey] = string.Join(", ", experts.Select(entry => entry.Candidate.Name)),
        };
        AddGuardSettings(settings, shiftSteps, threshold);
        return new Mix(ForecasterKinds.Adaptive, served, settings, validationForecasts, holdoutForecasts,
            new CandidateScore(ForecasterKinds.Adaptive, ForecasterKinds.Adaptive, Metrics.Of(validationForecasts, validation.Actuals).Mae,
                Metrics.Of(holdoutForecasts, holdout.Actuals).Mae, settings),
            served.Experts);
    }

    /// <summary>
    /// The best calendar candidate (one that reads no observations) following the recent level (<see cref="LevelFollowing"/>),
    /// at the window and weight of its grid with the lowest validation MAE, as one more candidate; null without a calendar
    /// candidate. Its profile's fits are the ones already made: it refits nothing.
    /// </summary>
    private static Scored? BestLevelFollowing(LoadSeries series, FeatureSpec spec, List<Scored> scored, Slice validation, Slice holdout)
    {
        if (scored.Where(entry => entry.Early.HistoryPoints == 0 && entry.Final.HistoryPoints == 0).MinBy(entry => entry.ValidationMae) is not { } profile)
            return null;
        // A forecast is linear in the weight between the profile's (0) and the whole level's (1): one pass per window scores every weight.
        var (window, weight, validationForecasts) = LevelFollowing.WindowStepsFor(spec.Step)
            .SelectMany(steps =>
            {
                var whole = Evaluation.ForecastAt(new LevelFollowing(profile.Early, steps, 1), series, validation.Anchors);
                return LevelFollowing.Weights.Select(w => (Window: steps, Weight: w, Forecasts: Toward(w, profile.Validation, whole)));
            })
            .MinBy(option => Metrics.Of(option.Forecasts, validation.Actuals).Mae);
        // The shift guard as in the adaptive mix, its threshold in this forecaster's own validation errors.
        var shiftSteps = AdaptiveBlend.ShiftStepsFor(spec.HorizonSteps);
        var threshold = AdaptiveBlend.ShiftScale * Metrics.Of(validationForecasts, validation.Actuals).Mae;
        var early = new LevelFollowing(profile.Early, window, weight, spec.HorizonSteps, shiftSteps, threshold);
        var final = new LevelFollowing(profile.Final, window, weight, spec.HorizonSteps, shiftSteps, threshold);
        if (shiftSteps > 0) validationForecasts = Evaluation.ForecastAt(early, series, validation.Anchors);
        var holdoutForecasts = Evaluation.ForecastAt(final, series, holdout.Anchors);
        var settings = new Dictionary<string, string>
        {
            [LevelFollowing.ProfileKey] = profile.Candidate.Name,
            [LevelFollowing.WindowKey] = window.ToString(CultureInfo.InvariantCulture),
            [LevelFollowing.WeightKey] = weight.ToString(CultureInfo.InvariantCulture),
        };
        AddGuardSettings(settings, shiftSteps, threshold);
        var candidate = new Candidate(ForecasterKinds.LevelFollowing, ForecasterKinds.LevelFollowing, _ => null, _ => settings);
        return new Scored(candidate, early, final, Evaluation.ForecastAt(early, series, validation.Origins), Evaluation.ForecastAt(final, series, holdout.Origins),
            validationForecasts, holdoutForecasts, Metrics.Of(validationForecasts, validation.Actuals).Mae, Metrics.Of(holdoutForecasts, holdout.Actuals).Mae);
    }

    private static double[] Toward(double weight, double[] from, double[] to) => [.. from.Select((value, i) => value + weight * (to[i] - value))];

    private static double[] Weigh(double weight, double[] first, double[] second) =>
        [.. first.Select((value, i) => weight * value + (1 - weight) * second[i])];
}
