using System.Globalization;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Forecasting;

/// <summary>
/// Chooses the forecaster to serve on a validation slice inside the training part: each candidate is fitted on the
/// targets before the slice and scored on it, and the lowest MAE wins (a blend of the best with another where it beats it).
/// The winner is then refitted on the whole training part. Every candidate's hold-out MAE is computed for the card, but
/// after the choice and never read by it.
/// </summary>
internal static class CandidateSelection
{
    /// <summary>A blend is served only where it beats the best single candidate on validation by this share: its weight is picked there too.</summary>
    public const double BlendGain = 0.005;
    private static readonly double[] BlendWeights = [0.25, 0.5, 0.75];

    public const string Rule =
        "lowest MAE on the validation slice, each candidate fitted only on the training targets before it; a blend of the best one " +
        "with another (weights 0.25, 0.5 or 0.75) only where it is at least 0.5% lower; ties go to the simpler candidate; the winner is refitted on the whole training part";

    /// <summary>What was chosen: the forecaster to serve (fitted on the whole training part) and its errors on validation and hold-out.</summary>
    public sealed record Outcome(
        IPointForecaster Served,
        string Name,
        IReadOnlyDictionary<string, string> Settings,
        double[] ValidationForecasts,
        double[] HoldoutForecasts,
        IReadOnlyList<CandidateScore> Scores,
        HoltWinters? HoltWinters);

    private sealed record Scored(Candidate Candidate, IPointForecaster Final, double[] Validation, double[] Holdout, double ValidationMae, double HoldoutMae);

    public static Outcome Run(LoadSeries series, FeatureSpec spec, IReadOnlyList<Candidate> candidates, int validationStart, int holdoutStart,
        IReadOnlyList<int> validationAnchors, IReadOnlyList<int> holdoutAnchors)
    {
        var validationActuals = Evaluation.Actuals(series, spec, validationAnchors);
        var holdoutActuals = Evaluation.Actuals(series, spec, holdoutAnchors);
        var scored = new List<Scored>();
        var scores = new List<CandidateScore>();
        foreach (var candidate in candidates)
        {
            var early = candidate.FitBefore(validationStart);
            if (early is null || early.HistoryPoints - 1 > validationAnchors[0])
            {
                early?.Dispose();
                scores.Add(new CandidateScore(candidate.Name, candidate.Kind, null, null, new Dictionary<string, string>(),
                    $"needs more history than the training part holds before the validation slice ({series.Observations[validationStart].Timestamp:yyyy-MM-ddTHH:mm:ssZ})"));
                continue;
            }
            var validation = Evaluation.ForecastAt(early, series, validationAnchors);
            var final = candidate.FitBefore(holdoutStart) ?? throw new InvalidOperationException($"{candidate.Name} fitted on less data but not on more");
            if (!ReferenceEquals(early, final)) early.Dispose();
            var holdout = Evaluation.ForecastAt(final, series, holdoutAnchors);
            var entry = new Scored(candidate, final, validation, holdout, Metrics.Of(validation, validationActuals).Mae, Metrics.Of(holdout, holdoutActuals).Mae);
            scored.Add(entry);
            scores.Add(new CandidateScore(candidate.Name, candidate.Kind, entry.ValidationMae, entry.HoldoutMae, candidate.SettingsOf(final)));
        }
        if (scored.Count == 0) throw new InvalidOperationException("no candidate could be fitted");

        // The first of equals wins: candidates come simplest first.
        var best = scored.MinBy(entry => entry.ValidationMae)!;
        var holtWinters = scored.Select(entry => entry.Final).OfType<HoltWinters>().FirstOrDefault();

        var blend = BestBlend(scored, validationActuals, holdoutActuals);
        if (blend is not null) scores.Add(blend.Value.Score);
        Outcome outcome;
        if (blend is { } chosenBlend && chosenBlend.Score.ValidationMae < best.ValidationMae * (1 - BlendGain))
        {
            var (weight, first, second) = (chosenBlend.Weight, chosenBlend.First, chosenBlend.Second);
            outcome = new Outcome(new Blend([(weight, first.Final), (1 - weight, second.Final)]), ForecasterKinds.Blend, chosenBlend.Score.Settings,
                Mix(weight, first.Validation, second.Validation), Mix(weight, first.Holdout, second.Holdout), scores, holtWinters);
            DisposeAllBut(scored, first.Final, second.Final, holtWinters);
        }
        else
        {
            outcome = new Outcome(best.Final, best.Candidate.Name, best.Candidate.SettingsOf(best.Final), best.Validation, best.Holdout, scores, holtWinters);
            DisposeAllBut(scored, best.Final, best.Final, holtWinters);
        }
        return outcome;
    }

    /// <summary>
    /// The best candidate blended with each other one at each of <see cref="BlendWeights"/>, the lowest validation MAE
    /// of these; null with fewer than two candidates. A partner that errs differently (the rolling mean's view of a
    /// burst beside a calendar model's daily shape) can lower the error where each alone cannot.
    /// </summary>
    private static (double Weight, Scored First, Scored Second, CandidateScore Score)? BestBlend(List<Scored> scored, double[] validationActuals, double[] holdoutActuals)
    {
        if (scored.Count < 2) return null;
        var first = scored.MinBy(entry => entry.ValidationMae)!;
        var (weight, second, mae) = scored.Where(entry => !ReferenceEquals(entry, first))
            .SelectMany(partner => BlendWeights.Select(w => (Weight: w, Partner: partner, Mae: Metrics.Of(Mix(w, first.Validation, partner.Validation), validationActuals).Mae)))
            .MinBy(option => option.Mae);
        var settings = new Dictionary<string, string>
        {
            [first.Candidate.Name] = weight.ToString(CultureInfo.InvariantCulture),
            [second.Candidate.Name] = (1 - weight).ToString(CultureInfo.InvariantCulture),
        };
        return (weight, first, second, new CandidateScore(ForecasterKinds.Blend, ForecasterKinds.Blend, mae,
            Metrics.Of(Mix(weight, first.Holdout, second.Holdout), holdoutActuals).Mae, settings));
    }

    private static double[] Mix(double weight, double[] first, double[] second) =>
        [.. first.Select((value, i) => weight * value + (1 - weight) * second[i])];

    private static void DisposeAllBut(List<Scored> scored, IPointForecaster keep, IPointForecaster alsoKeep, HoltWinters? holtWinters)
    {
        foreach (var entry in scored)
            if (!ReferenceEquals(entry.Final, keep) && !ReferenceEquals(entry.Final, alsoKeep) && !ReferenceEquals(entry.Final, holtWinters))
                entry.Final.Dispose();
    }
}
