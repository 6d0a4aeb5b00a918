using k8s;
using k8s.Models;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.KubernetesApi;
using LabA.Scaler.Cluster;
using LabA.Scaler.Decisions;
using LabA.Scaler.Forecasts;
using LabA.Scaler.Observations;
using Polly;
using Polly.Retry;

namespace LabA.Scaler;

/// <summary>
/// One CronJob run: get the recommendation (<see cref="RecommendationSource"/>: the forecast, and in closed loop the
/// observed load's floor), read the state and the Deployment, decide with the shared policy, commit the
/// decision to the state ConfigMap, then scale if the count changes, and record an Event. Returns a
/// <see cref="ScalerExitCodes"/> value that tells above all whether the replica count was changed.
/// </summary>
/// <remarks>
/// Two objects, no transaction across them, so each write is checked against the other: the state is committed with
/// its resourceVersion before the count is touched (a concurrent run's commit makes it 409, read again and decide
/// again); the count is patched with the Deployment's resourceVersion; after a patch the run checks that no other run
/// committed meanwhile (that run decided on the old count), and after a commit without a patch it checks that the
/// count is still the one it decided on. Whichever check fails, the run decides again on what is there now.
/// </remarks>
/// <param name="target">The count this run moves: the workload's replicas, or its HPA's floor.</param>
/// <param name="stateId">The prefix of the workload's keys in the state ConfigMap (<see cref="Domain.Workloads.Workload.StateId"/>).</param>
internal sealed class ScaleRun(
    ScalerSettings settings, IScaleTarget target, ScalerStateStore state, string stateId, RecommendationSource source, TimeProvider clock, TextWriter log,
    RunDeadline deadline)
{
    /// <summary>How often a 409 on the scale subresource is answered by reading again: more means something else (an HPA?) keeps scaling.</summary>
    public const int MaxScaleConflictRetries = 3;

    /// <summary>How often the run decides again because another Scaler run wrote the state first; overlapping runs take turns.</summary>
    public const int MaxStateConflictRetries = 30;

    private static readonly TimeSpan MaxConflictBackoff = TimeSpan.FromSeconds(1);

    /// <summary>A transient failure of the Event, after the count may have changed, is worth two more tries within the budget.</summary>
    private static readonly ResiliencePipeline EventRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<KubernetesCallException>(e => e.Transient),
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
        })
        .Build();

    /// <summary>
    /// One transient failure of a read or of the scale patch (a 500, a lost answer) is retried while the run's budget
    /// holds another call. The patch keeps its resourceVersion precondition, so a retry can conflict but never apply twice.
    /// </summary>
    private readonly ResiliencePipeline _kubernetesRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<KubernetesCallException>(e => e.Transient && deadline.Remaining >= Defaults.KubernetesCallTimeout),
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
        })
        .Build();

    /// <summary>
    /// After a stop signal the process has 5 s (Program.cs ProcessTerminationTimeout) to find out whether a patch it
    /// sent landed and to tell it in an Event.
    /// </summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(4);

    /// <summary>The counts of a scale patch that was sent and whose answer has not come back yet.</summary>
    private (int From, int To)? _sending;

    /// <summary>The replica count before this run's first patch and after its last; null while it has patched nothing.</summary>
    private (int From, int To)? _scaled;

    /// <summary>The workload once it has been read: a failure after that is also told in an Event on it.</summary>
    private IScaleTarget? _target;
    private string? _targetUid;

    /// <summary>A failed run's Event gets its own short time: the run's own budget may be what ran out.</summary>
    private static readonly TimeSpan FailureEventTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The run of the single target of TARGET_DEPLOYMENT and TARGET_NAMESPACE, whose state lives beside it.</summary>
    public static ScaleRun SingleTarget(
        ScalerSettings settings, IKubernetes kubernetes, RecommendationSource source, TimeProvider clock, TextWriter log, RunDeadline deadline) =>
        new(settings, WorkloadScale.Deployment(kubernetes, settings.TargetDeployment, settings.TargetNamespace),
            new ScalerStateStore(kubernetes, settings.TargetNamespace), settings.TargetDeployment, source, clock, log, deadline);

    /// <summary>Whether the run changed the count: with the exit code, what a run of many workloads adds up.</summary>
    public bool Scaled => _scaled is { } scaled && scaled.From != scaled.To;

    public async Task<int> ExecuteAsync(CancellationToken stop)
    {
        var now = clock.GetUtcNow();
        using var runDeadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        runDeadline.CancelAfter(deadline.Remaining > TimeSpan.Zero ? deadline.Remaining : TimeSpan.Zero);
        var cancellationToken = runDeadline.Token;
        try
        {
            // Ask for the moment pods started now would be ready, over the span until the next run's pods are.
            var readyAt = now + settings.PodStartup;
            var recommendation = await source.RecommendAsync(now, readyAt, cancellationToken);
            var (record, uid) = await DecideAndScaleAsync(target, state, recommendation, now, readyAt + settings.ForecastWindow, cancellationToken);
            record.WriteLog(log);
            // From here on the failure to tell is the Event itself: another Event would only fail the same way.
            _target = null;
            await EventRetry.ExecuteAsync(
                async token => await target.RecordEventAsync(record.EventType, record.EventReason, record.Summary, uid, now, token), cancellationToken);
            return ScalerExitCodes.Done;
        }
        catch (PredictorException e)
        {
            return await FailedAsync(now, "predictor", e.Message);
        }
        catch (ObservationException e)
        {
            return await FailedAsync(now, "prometheus", e.Message);
        }
        catch (KubernetesCallException e)
        {
            return await FailedAsync(now, "kubernetes", e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A scale patch lands whole or not at all; one stopped in flight may have landed with its answer lost,
            // so the count is read back before the run says what it changed.
            using var grace = new CancellationTokenSource(StopGrace);
            await ReadBackInFlightAsync(grace.Token);
            return await FailedAsync(now, "stopped", stop.IsCancellationRequested
                ? "the run was stopped by a signal (SIGTERM: the Job's deadline or the pod's deletion) before it finished"
                : $"the run did not finish within its budget of {Durations.Format(deadline.Budget)}", grace.Token);
        }
    }

    /// <summary>Whether the scale patch that was in flight when the run stopped landed: read back, best effort within the grace.</summary>
    private async Task ReadBackInFlightAsync(CancellationToken grace)
    {
        if (_sending is not { } sent || _target is null) return;
        try
        {
            if ((await _target.ReadAsync(grace)).Replicas == sent.To) _scaled = sent;
        }
        catch (Exception e) when (e is KubernetesCallException or OperationCanceledException)
        {
            // Unknown: the line says the count was not seen to change, which is all the run knows.
        }
    }

    private async Task<int> FailedAsync(DateTimeOffset now, string cause, string problem, CancellationToken grace = default)
    {
        string message;
        int exitCode;
        if (_scaled is { } scaled && scaled.From != scaled.To)
        {
            message = $"scaled {target.Name} from {scaled.From} to {scaled.To} replicas, but then failed: {problem}; "
                      + $"its recommendation history was saved in ConfigMap '{Names.ScalerState}' before scaling";
            RunLog.Error(log, now, cause, message, scaled: true, target);
            exitCode = ScalerExitCodes.ScaledButRecordingFailed;
        }
        else
        {
            message = $"{problem}; {target.Name} left unchanged";
            RunLog.Error(log, now, cause, message, scaled: false, target);
            exitCode = ScalerExitCodes.FailedUnchanged;
        }
        await TryRecordFailureAsync(now, message, grace);
        return exitCode;
    }

    /// <summary>
    /// Tells the failure on the Deployment too (<c>kubectl describe</c>), when it was read and so exists. Best effort:
    /// the log line already said it, and an API that failed the run may well refuse this too.
    /// </summary>
    private async Task TryRecordFailureAsync(DateTimeOffset now, string message, CancellationToken grace)
    {
        if (_target is null || _targetUid is null) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(grace);
        timeout.CancelAfter(FailureEventTimeout);
        try
        {
            await _target.RecordEventAsync("Warning", DecisionRecord.FailedReason, message, _targetUid, now, timeout.Token);
        }
        catch (Exception e) when (e is KubernetesCallException or OperationCanceledException)
        {
            // Already told in the log line.
        }
    }

    private async Task<(DecisionRecord Record, string? Uid)> DecideAndScaleAsync(
        IScaleTarget target, ScalerStateStore state, ReplicaRecommendation recommendation, DateTimeOffset now, DateTimeOffset neededUntil,
        CancellationToken cancellationToken)
    {
        // What this run adds to the history, the same on every attempt once committed: a later attempt reads it back
        // and must not count it twice. Before the commit each attempt calibrates the margin from the state it read, which
        // a conflicting run may have moved; after it, the committed calibration already counted this run.
        var first = neededUntil - settings.ForecastWindow;
        var calibrationKey = CalibratedMargin.KeyFor(stateId, settings.DryRun);
        var (decided, calibrationWarning) = (recommendation, (string?)null);
        var own = new StabilizationEntry(neededUntil, settings.Rules.Mapping.Clamp(recommendation.Replicas));
        var committed = false;
        var (scaleConflicts, stateConflicts) = (0, 0);
        while (true)
        {
            if (scaleConflicts > MaxScaleConflictRetries)
                throw new KubernetesCallException(
                    $"gave up scaling '{target.Name}' in namespace '{target.Namespace}' after {scaleConflicts} conflicts (409): "
                    + "something else keeps changing its replica count (an HPA on the same workload?)");
            if (stateConflicts > MaxStateConflictRetries)
                throw new KubernetesCallException(
                    $"gave up deciding after {stateConflicts} conflicts (409) on ConfigMap '{state.Name}' in namespace '{target.Namespace}': "
                    + "other writers keep changing it (many Scaler runs at once?)");
            if (scaleConflicts + stateConflicts > 0) await Task.Delay(Backoff(scaleConflicts + stateConflicts), cancellationToken);

            // The first decision starts from what this process last saw of the state (one read for many workloads); a
            // stale one only costs a refused write, after which every attempt reads afresh.
            var fresh = scaleConflicts + stateConflicts > 0;
            var stored = await _kubernetesRetry.ExecuteAsync(async token => fresh ? await state.ReadAsync(token) : await state.ReadLatestAsync(token), cancellationToken);
            var deployment = await _kubernetesRetry.ExecuteAsync(async token => await target.ReadAsync(token), cancellationToken);
            (_target, _targetUid) = (target, deployment.Uid);
            // Deciding again after this run's own patch: decide from the count it started from, as if it had seen the
            // other run's recommendation in time, unless a third writer has changed the count since.
            var current = _scaled is { } mine && deployment.Replicas == mine.To ? mine.From : deployment.Replicas;
            var historyKey = DecisionRecord.HistoryKeyFor(stateId, settings.DryRun);
            var (history, warning) = ReadHistory(stored, historyKey, now, current);
            if (!committed)
            {
                var storedCalibration = stored.Data?.TryGetValue(calibrationKey, out var text) == true ? text : null;
                (decided, calibrationWarning) = CalibratedMargin.Apply(settings, recommendation, storedCalibration, first, neededUntil, calibrationKey);
                own = new StabilizationEntry(neededUntil, settings.Rules.Mapping.Clamp(decided.Replicas));
            }
            if (committed) history = WithoutOne(history, own);
            var decision = ScalingPolicy.Decide(settings.Rules, current, decided.Replicas, now, history, neededUntil: neededUntil);
            var warnings = string.Join("; ", new[] { warning, calibrationWarning }.OfType<string>());
            var record = new DecisionRecord(
                target.Name, target.Namespace, now, decided, decision, settings.DryRun, scaleConflicts + stateConflicts, warnings.Length == 0 ? null : warnings)
            {
                StateId = stateId,
            };

            if (!await state.TryUpdateAsync(stored, record.StateEntries, cancellationToken))
            {
                stateConflicts++;
                continue;
            }
            committed = true;

            if (!settings.DryRun && decision.Desired != deployment.Replicas)
            {
                _sending = (current, decision.Desired);
                if (!await ScaleAsync(target, decision.Desired, deployment.ResourceVersion, cancellationToken))
                {
                    _sending = null;
                    scaleConflicts++;
                    continue;
                }
                (_scaled, _sending) = ((current, decision.Desired), null);
                // A run that committed between this commit and this patch decided on the count before it.
                var after = await state.ReadAsync(cancellationToken);
                if (after.Data?.TryGetValue(historyKey, out var saved) != true || saved != record.StateEntries[historyKey])
                {
                    stateConflicts++;
                    continue;
                }
            }
            else if ((await _kubernetesRetry.ExecuteAsync(async token => await target.ReadAsync(token), cancellationToken)).Replicas != deployment.Replicas)
            {
                // Another run scaled after this one read the count, and could not see this commit: only this run can notice.
                stateConflicts++;
                continue;
            }
            return (record, deployment.Uid);
        }
    }

    /// <summary>
    /// Patches the count, retrying a transient failure; false when the Deployment changed since it was read (409). An
    /// answer can be lost after the patch landed (a timeout, a dropped connection): then a retry conflicts with the
    /// version the patch itself made, and a failure has no answer at all, so both are settled by reading the count back.
    /// </summary>
    private async Task<bool> ScaleAsync(IScaleTarget target, int replicas, string resourceVersion, CancellationToken cancellationToken)
    {
        var attempts = 0;
        bool scaled;
        try
        {
            scaled = await _kubernetesRetry.ExecuteAsync(async token =>
            {
                attempts++;
                return await target.TryScaleAsync(replicas, resourceVersion, token);
            }, cancellationToken);
        }
        catch (KubernetesCallException e) when (e.Transient)
        {
            if (await LandedAsync(target, replicas, cancellationToken)) return true;
            throw;
        }
        return scaled || (attempts > 1 && await LandedAsync(target, replicas, cancellationToken));
    }

    private async Task<bool> LandedAsync(IScaleTarget target, int replicas, CancellationToken cancellationToken) =>
        (await _kubernetesRetry.ExecuteAsync(async token => await target.ReadAsync(token), cancellationToken)).Replicas == replicas;

    /// <summary>Full jitter over an exponentially growing cap, so that runs colliding on the same version spread out.</summary>
    private static TimeSpan Backoff(int retry)
    {
        var cap = Math.Min(MaxConflictBackoff.TotalMilliseconds, 20 * Math.Pow(2, Math.Min(retry, 10)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
    }

    private static IReadOnlyList<StabilizationEntry> WithoutOne(IReadOnlyList<StabilizationEntry> history, StabilizationEntry entry)
    {
        var index = history.ToList().IndexOf(entry);
        return index < 0 ? history : [.. history.Take(index), .. history.Skip(index + 1)];
    }

    /// <summary>
    /// The kept recommendations. A history that cannot be read (edited by hand?) must not lift the stabilization:
    /// the current count then counts as a fresh recommendation, holding scale-downs for one window.
    /// </summary>
    private static (IReadOnlyList<StabilizationEntry> History, string? Warning) ReadHistory(
        V1ConfigMap stored, string key, DateTimeOffset now, int current)
    {
        if (stored.Data?.TryGetValue(key, out var text) != true) return ([], null);
        return StabilizationHistory.TryParse(text!) is { } history
            ? (history, null)
            : ([new StabilizationEntry(now, current)],
                $"state key {key} in ConfigMap {Names.ScalerState} was unreadable, so the current count holds scale-downs for one stabilization window");
    }
}
