using System.Globalization;

namespace LabA.Forecasting.Promotion;

/// <summary>
/// A challenger is promoted only when, on the slice, it beats every baseline (a model that loses to a naive forecaster
/// should not serve) and its MAE is lower than the champion's by at least <c>margin</c> (so that retraining noise does
/// not churn the serving model). Without a champion, beating the baselines is enough. A tie with a baseline is enough
/// when the challenger beats the champion by the margin: on a flat workload persistence is exact, and so is a good
/// challenger, and keeping a far worse champion because nothing can beat exact would serve the worse model. A challenger that is itself one
/// of the baselines (training found it best on validation) is held to every other one: it ties with itself by construction.
/// </summary>
public static class PromotionRule
{
    public static PromotionDecision Decide(HoldoutComparison comparison, double margin)
    {
        var challenger = comparison.Challenger;
        var failures = new List<string>();
        var others = comparison.Baselines.Where(baseline => baseline.Name != comparison.ChallengerBaseline).ToArray();
        var beatsChampion = comparison.ChampionNotScored is null && comparison.Champion is { } current && challenger.Mae < current.Mae * (1 - margin);
        var tied = others.Where(baseline => Ties(baseline.Mae, challenger.Mae)).ToArray();
        var unbeaten = others.Where(baseline => Ties(baseline.Mae, challenger.Mae) ? !beatsChampion : baseline.Mae < challenger.Mae).ToArray();
        if (unbeaten.Length > 0)
            failures.Add("it does not beat " + string.Join(", ", unbeaten.Select(baseline => $"{baseline.Name} (MAE {Number(baseline.Mae)})")));
        if (comparison.ChampionNotScored is { } why)
            failures.Add($"the champion cannot be scored beside it: {why}");
        else if (comparison.Champion is { } champion && challenger.Mae >= champion.Mae * (1 - margin))
            failures.Add($"it is not better than the champion {champion.Name} (MAE {Number(champion.Mae)}) by the margin of {Percent(margin)} " +
                         $"(needs MAE below {Number(champion.Mae * (1 - margin))}; {Percent(challenger.Mae / champion.Mae - 1, signed: true)})");

        var what = comparison.ChallengerBaseline is { } itself ? $" (the {itself} baseline)" : "";
        var scored = $"challenger {challenger.Name}{what} MAE {Number(challenger.Mae)} on {comparison.Targets} targets " +
                     $"{comparison.From.UtcDateTime:yyyy-MM-dd HH:mm}..{comparison.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
        if (failures.Count > 0) return new PromotionDecision(false, $"not promoted: {scored}; {string.Join("; ", failures)}");
        var over = comparison.Champion is { } beaten
            ? $"{Percent(challenger.Mae / beaten.Mae - 1, signed: true)} against the champion {beaten.Name} (MAE {Number(beaten.Mae)}, margin {Percent(margin)})"
            : "no champion served before it";
        var held = comparison.ChallengerBaseline is null ? "every baseline" : "every other baseline";
        var ties = tied.Length == 0 ? "" : $"; ties {string.Join(", ", tied.Select(baseline => $"{baseline.Name} (MAE {Number(baseline.Mae)})"))}, which it may while it beats the champion";
        var outscored = others.Except(tied).ToArray();
        var beats = tied.Length == 0 ? $"beats {held}" : "beats the other baselines";
        return new PromotionDecision(true, $"promoted: {scored}; {over}; {beats} " +
                                           $"({string.Join(", ", outscored.Select(baseline => $"{baseline.Name} {Number(baseline.Mae)}"))}){ties}");
    }

    /// <summary>Equal MAEs up to rounding: the same exact forecasts summed in another order differ in the last bits.</summary>
    private static bool Ties(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(double value, bool signed = false) =>
        (value * 100).ToString(signed ? "+0.##;-0.##" : "0.##", CultureInfo.InvariantCulture) + " %";
}
