using System.Text.Json;
using k8s;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Scaler.Decisions;
using LabA.Scaler.Forecasts;

namespace LabA.Scaler.Tests;

/// <summary>
/// Both stand-ins plus the real Scaler run wired to them: the real KubernetesClient over real HTTP, the real
/// predictor client. Tests set the Deployment, the state, the predictor's answers and the environment, then run.
/// </summary>
public sealed class ScalerHarness : IAsyncDisposable
{
    public const string Namespace = "shop";
    public const string Deployment = "web";
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 14, 30, 0, TimeSpan.Zero);

    private ScalerHarness(KubernetesApiStandIn kubernetes, PredictorStandIn predictor, string deployment)
    {
        Kubernetes = kubernetes;
        Predictor = predictor;
        Target = deployment;
    }

    public KubernetesApiStandIn Kubernetes { get; }
    public PredictorStandIn Predictor { get; }
    public string Target { get; }
    public FixedClock Clock { get; } = new(Start);

    /// <summary>The client's per-call timeout; the app's is the same unless a test shortens it.</summary>
    public TimeSpan KubernetesCallTimeout { get; set; } = Defaults.KubernetesCallTimeout;

    /// <summary>The run's whole budget; null for the app's.</summary>
    public TimeSpan? RunBudget { get; set; }

    /// <summary>The environment of the CronJob's container; tests add to it.</summary>
    public Dictionary<string, string> Environment { get; } = new();

    /// <summary>A Deployment at <paramref name="replicas"/> and the state ConfigMap the stack creates, with <paramref name="state"/> in it.</summary>
    public static async Task<ScalerHarness> StartAsync(
        int replicas = 2, IReadOnlyDictionary<string, string>? state = null, string @namespace = Namespace, string deployment = Deployment)
    {
        var harness = new ScalerHarness(await KubernetesApiStandIn.StartAsync(), await PredictorStandIn.StartAsync(), deployment);
        harness.Kubernetes.AddDeployment(@namespace, deployment, replicas);
        harness.Kubernetes.AddConfigMap(@namespace, Names.ScalerState, state);
        harness.Environment[ScalerCatalogue.PredictorUrl.Env] = harness.Predictor.Url.AbsoluteUri;
        harness.Environment[ScalerCatalogue.TargetNamespace.Env] = @namespace;
        harness.Environment[ScalerCatalogue.TargetDeployment.Env] = deployment;
        harness.Environment[RecommendationCatalogue.MinReplicas.Env] = "1";
        harness.Environment[RecommendationCatalogue.MaxReplicas.Env] = "10";
        return harness;
    }

    private string TargetNamespace => Environment[ScalerCatalogue.TargetNamespace.Env];

    public int Replicas => Kubernetes.Replicas(TargetNamespace, Target);
    public IReadOnlyDictionary<string, string> State => Kubernetes.ConfigMapData(TargetNamespace, Names.ScalerState);

    /// <summary>The target's state entry <paramref name="key"/> (a <see cref="ScalerStateKeys"/> name), real or dry-run.</summary>
    public string StateEntry(string key, bool dryRun = false) => State[ScalerStateKeys.PrefixFor(Target, dryRun) + key];

    public IReadOnlyList<StabilizationEntry> History(bool dryRun = false) =>
        StabilizationHistory.TryParse(StateEntry(ScalerStateKeys.Recommendations, dryRun))!;

    public IEnumerable<string> ScalePatches => Kubernetes.Requests.Where(r => r.StartsWith("PATCH", StringComparison.Ordinal) && r.EndsWith("/scale", StringComparison.Ordinal));

    /// <param name="stop">The run's stop signal: SIGTERM, as the Job's deadline or a pod deletion sends it.</param>
    public async Task<RunOutcome> RunAsync(PredictorReply? reply = null, TimeProvider? clock = null, CancellationToken stop = default)
    {
        if (reply is not null) Predictor.Reply = _ => reply;
        var settings = ScalerSettings.FromEnvironment(EnvReader.From(Environment));
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Kubernetes.Url, HttpClientTimeout = KubernetesCallTimeout });
        var deadline = new RunDeadline(RunBudget ?? Defaults.ScalerRunBudget);
        using var predictor = new PredictorClient(settings.PredictorUrl, settings.PredictorTimeout, remaining: () => deadline.RemainingForForecast);
        var log = new StringWriter();
        using var source = new RecommendationSource(settings, predictor, deadline);
        var exitCode = await ScaleRun.SingleTarget(settings, client, source, clock ?? Clock, log, deadline).ExecuteAsync(stop);
        return new RunOutcome(exitCode, ParseLines(log.ToString()));
    }

    public static IReadOnlyList<JsonElement> ParseLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await Kubernetes.DisposeAsync();
        await Predictor.DisposeAsync();
    }
}
