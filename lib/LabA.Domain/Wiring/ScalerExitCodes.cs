namespace LabA.Domain.Wiring;

/// <summary>
/// What the Scaler's exit code tells the Job (and whoever reads `kubectl get jobs`): above all, whether the replica
/// count was changed. A run of many workloads (WORKLOADS_FILE) exits <see cref="Done"/> when none failed,
/// <see cref="FailedUnchanged"/> when some failed and no count was changed, <see cref="ScaledButRecordingFailed"/> when
/// some failed and some count was changed.
/// </summary>
public static class ScalerExitCodes
{
    /// <summary>Decided and recorded, whether it scaled or not.</summary>
    public const int Done = 0;
    /// <summary>Failed before changing the replica count: nothing was changed.</summary>
    public const int FailedUnchanged = 1;
    /// <summary>A setting is invalid; nothing was asked or changed.</summary>
    public const int InvalidSettings = 2;
    /// <summary>
    /// The replica count was changed, but the run failed afterwards (recording the Event, or deciding again after a
    /// concurrent run's decision). The recommendation history was written before the change, so it is not lost.
    /// </summary>
    public const int ScaledButRecordingFailed = 3;
}
