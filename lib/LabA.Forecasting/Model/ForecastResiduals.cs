using System.Globalization;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Forecasting.Model;

/// <summary>
/// The forecast's errors (actual − forecast) on a validation slice: the end of the training part, forecast by a model
/// fitted on the part before it. Neither model saw the hold-out, so the hold-out can check how well these quantiles cover.
/// </summary>
public sealed record ForecastResiduals
{
    /// <summary>Quantiles are stored for every level from <see cref="ProvisioningQuantile.Min"/> to <see cref="ProvisioningQuantile.Max"/> in these steps.</summary>
    public const double GridStep = 0.01;

    /// <summary>How the residuals were obtained, in words.</summary>
    public required string Source { get; init; }
    /// <summary>The first and last target time of the validation slice.</summary>
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required int Examples { get; init; }
    /// <summary>Residual quantiles keyed by level ("0.50" .. "0.99"), in the series' unit: the margin to add to a forecast.</summary>
    public required IReadOnlyDictionary<string, double> Quantiles { get; init; }

    /// <summary>The quantiles of <paramref name="residuals"/> (linear interpolation between order statistics) on the grid.</summary>
    public static ForecastResiduals Of(IReadOnlyList<double> residuals, string source, DateTimeOffset from, DateTimeOffset to)
    {
        if (residuals.Count == 0) throw new ArgumentException("no residuals", nameof(residuals));
        var sorted = residuals.Order().ToArray();
        var quantiles = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var level in Grid()) quantiles[Key(level)] = QuantileOfSorted(sorted, level);
        return new ForecastResiduals { Source = source, From = from, To = to, Examples = sorted.Length, Quantiles = quantiles };
    }

    /// <summary>
    /// What to add to a forecast to provision for <paramref name="quantile"/> of the errors: 0 when off, the stored quantile
    /// on the grid, linear between grid points.
    /// </summary>
    public double Margin(ProvisioningQuantile quantile)
    {
        if (quantile.Level is not { } level) return 0;
        var below = Math.Floor(Math.Round(level / GridStep, 9)) * GridStep;
        var above = Math.Min(below + GridStep, ProvisioningQuantile.Max);
        var low = Stored(below);
        if (above <= below) return low;
        return low + (Stored(above) - low) * (level - below) / GridStep;
    }

    /// <summary>The margin for <paramref name="quantile"/> from <paramref name="card"/>; a card without residuals serves only <see cref="ProvisioningQuantile.Off"/>.</summary>
    public static double MarginFor(ModelCard card, ProvisioningQuantile quantile) =>
        quantile.IsOff ? 0
        : card.Residuals is { } residuals ? residuals.Margin(quantile)
        : throw new SettingsException(RecommendationCatalogue.ProvisionQuantile.Env,
            $"is {quantile} but model {card.Version} has no residual quantiles in its card (trained by an older Trainer): " +
            $"retrain it, or set {RecommendationCatalogue.ProvisionQuantile.Env}={ProvisioningQuantile.OffText}");

    /// <summary>
    /// How far a quantile of the validation errors can plausibly be from zero, in hold-out mean absolute errors per unit of
    /// tail share: Markov's inequality bounds the level-p quantile of |error| by MAE / (1 - p) for the slice the MAE is
    /// measured on; the tenfold slack allows for the validation slice being a different stretch of the series.
    /// </summary>
    public const double PlausibleQuantileSlack = 10;

    /// <summary>
    /// Why these quantiles cannot be a margin, or null when they can: every grid level present, finite, non-decreasing in
    /// the level (as quantiles are), and within <see cref="PlausibleQuantileSlack"/> of the bound <paramref name="holdoutMae"/> gives.
    /// </summary>
    public string? Problem(double holdoutMae)
    {
        if (Examples <= 0) return $"examples: {Examples} is not a count of errors";
        var previous = double.NegativeInfinity;
        foreach (var level in Grid())
        {
            var key = Key(level);
            if (!Quantiles.TryGetValue(key, out var value)) return $"quantiles: no entry {key}";
            if (!double.IsFinite(value)) return string.Create(CultureInfo.InvariantCulture, $"quantiles.{key}: {value} is not a finite margin");
            if (value < previous) return string.Create(CultureInfo.InvariantCulture, $"quantiles.{key}: {value} is below the quantile of a lower level ({previous}); quantiles never decrease");
            var bound = PlausibleQuantileSlack * holdoutMae / (1 - level);
            if (Math.Abs(value) > bound + 1e-9)
                return string.Create(CultureInfo.InvariantCulture, $"quantiles.{key}: {value} is implausible for a model whose hold-out mean absolute error is {holdoutMae} (at most ±{bound:0.###})");
            previous = value;
        }
        return null;
    }

    public static IEnumerable<double> Grid()
    {
        var steps = (int)Math.Round((ProvisioningQuantile.Max - ProvisioningQuantile.Min) / GridStep);
        return Enumerable.Range(0, steps + 1).Select(i => Math.Round(ProvisioningQuantile.Min + i * GridStep, 2));
    }

    public static string Key(double level) => level.ToString("0.00", CultureInfo.InvariantCulture);

    private double Stored(double level) => Quantiles.TryGetValue(Key(level), out var value)
        ? value
        : throw new InvalidDataException($"the model card's residual quantiles have no entry {Key(level)}");

    private static double QuantileOfSorted(double[] sorted, double level)
    {
        var position = level * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
