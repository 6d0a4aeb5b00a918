using LabA.Domain.Settings;

namespace LabA.Domain.Predict;

/// <summary>
/// What a client of the Predictor needs from the served model's card (GET <see cref="PredictRoutes.Model"/>, model.json's
/// shape): its step, horizon, how much history one forecast reads and whether it needs it. The rest of the card is ignored.
/// The full card (LabA.Forecasting's ModelCard) is a superset of these fields and derives this view in one place (ModelCard.Served).
/// <paramref name="ObservationsOptional"/> absent reads as false: the model needs its observations whenever it reads any.
/// </summary>
public sealed record ServedModelCard(string Version, string FeatureSet, TimeSpan Horizon, TimeSpan Step, int HistoryPoints, bool ObservationsOptional = false)
{
    /// <summary>More than a week at one-minute steps: no feature looks back that far, so a card saying so is broken.</summary>
    public const int MaxHistoryPoints = Durations.MinutesPerWeek;

    /// <summary>A model that forecasts only from recent observations (POST), not from the clock alone (GET).</summary>
    public bool RequiresObservations => HistoryPoints > 0 && !ObservationsOptional;

    /// <summary>A model that forecasts from recent observations when it is given them (POST), and from the clock (GET) when not.</summary>
    public bool UsesObservations => HistoryPoints > 0;

    /// <summary>
    /// Steps a calendar model's run observes: the latest load is all the floor needs, but a longer look tells a series
    /// that stopped a few steps ago (stale, with its age) from one that was never there.
    /// </summary>
    public const int MinObservedSteps = 15;

    /// <summary>How far back to observe by default: the observations one forecast reads (ending at the newest), at least <see cref="MinObservedSteps"/>.</summary>
    public TimeSpan ObservationWindow => Step * Math.Max(HistoryPoints - 1, MinObservedSteps);

    /// <summary>Why this card cannot steer a closed loop, or null when it can.</summary>
    public string? Problem()
    {
        if (Step <= TimeSpan.Zero) return $"step {Step} is not positive";
        if (Horizon <= TimeSpan.Zero) return $"horizon {Horizon} is not positive";
        if (HistoryPoints is < 0 or > MaxHistoryPoints) return $"historyPoints {HistoryPoints} is outside 0..{MaxHistoryPoints}";
        return null;
    }
}
