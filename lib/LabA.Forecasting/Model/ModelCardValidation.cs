using System.Globalization;
using LabA.Domain.Predict;
using LabA.Domain.Settings;

namespace LabA.Forecasting.Model;

/// <summary>
/// The values of a model card that serving relies on, checked at load: a card that parses but holds impossible values
/// (a NaN margin, a horizon of centuries, a negative step) would make every answer wrong or a 5xx, so it is not served.
/// </summary>
public static class ModelCardValidation
{
    /// <summary>The first impossible value in <paramref name="card"/>, named by its JSON path, or null when the card is servable.</summary>
    public static string? Problem(ModelCard card)
    {
        if (string.IsNullOrWhiteSpace(card.Version) || card.Version.Length > ModelLimits.MaxVersionLength || card.Version.Any(char.IsControl))
            return $"version: '{card.Version}' is not a version (1 to {ModelLimits.MaxVersionLength} printable characters)";
        if (card.Step < ModelLimits.MinStep || card.Step > ModelLimits.MaxStep)
            return $"step: {Durations.Format(card.Step)} is outside {Durations.Format(ModelLimits.MinStep)}..{Durations.Format(ModelLimits.MaxStep)}";
        if (card.Horizon <= TimeSpan.Zero || card.Horizon > ModelLimits.MaxHorizon || card.Horizon.Ticks % card.Step.Ticks != 0)
            return $"horizon: {Durations.Format(card.Horizon)} is not a multiple of the step {Durations.Format(card.Step)} up to {Durations.Format(ModelLimits.MaxHorizon)}";
        if (card.RollingWindow < card.Step || card.RollingWindow > ModelLimits.MaxHorizon)
            return $"rollingWindow: {Durations.Format(card.RollingWindow)} is outside the step {Durations.Format(card.Step)}..{Durations.Format(ModelLimits.MaxHorizon)}";
        if (card.HistoryPoints < 0)
            return $"historyPoints: {card.HistoryPoints} is negative";
        // A model of instants the loop refuses (the Trainer's import refuses them now; an older or edited card may not).
        if (LoadBounds.TimeProblem(card.Data.Start, DateTimeOffset.UtcNow) is { } start) return $"data.start: {start}";
        if (LoadBounds.TimeProblem(card.Data.End, DateTimeOffset.UtcNow) is { } end) return $"data.end: {end}";
        if (!double.IsFinite(card.Metrics.Model.Mae) || card.Metrics.Model.Mae < 0)
            return string.Create(CultureInfo.InvariantCulture, $"metrics.model.mae: {card.Metrics.Model.Mae} is not a mean absolute error");
        return card.Residuals?.Problem(card.Metrics.Model.Mae) is { } residuals ? "residuals." + residuals : null;
    }
}
