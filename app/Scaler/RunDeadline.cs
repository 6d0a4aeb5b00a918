using System.Diagnostics;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Scaler;

/// <summary>
/// The run's budget, counted on the wall clock from when the run was set up: every call's retries are fitted inside it.
/// The forecast's calls (Prometheus, the predictor) may use what the decision's Kubernetes calls do not need.
/// </summary>
internal sealed class RunDeadline(TimeSpan budget)
{
    /// <summary>
    /// Kept for the six Kubernetes calls of one decision (read state, read Deployment, write state, scale, check, Event)
    /// at their timeout: a retry of the forecast's calls may not eat into it (see <see cref="ScalerCatalogue.MaxPredictorTimeout"/>).
    /// </summary>
    public static readonly TimeSpan DecisionReserve = 6 * Defaults.KubernetesCallTimeout;

    private readonly long _start = Stopwatch.GetTimestamp();

    public TimeSpan Budget => budget;

    public TimeSpan Remaining => budget - Stopwatch.GetElapsedTime(_start);

    /// <summary>What a retry of Prometheus or the predictor may still use.</summary>
    public TimeSpan RemainingForForecast => Remaining - DecisionReserve;
}
