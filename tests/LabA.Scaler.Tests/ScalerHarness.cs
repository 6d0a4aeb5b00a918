using System.Text.Json;
using k8s;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Scaler.Forecasts;
using LabA.Scaler.Tests.StandIns;

namespace LabA.Scaler.Tests;

/// <summary>A clock that reads what the test set.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The result of one run: its exit code and its JSON log lines.</summary>
public sealed record RunOutcome(int ExitCode, IReadOnlyList<JsonElement> Log)
{
    public JsonElement Line => Assert.Single(Log);
    public string Field(string name) => Line.GetProperty(name).ToString();
}

/// <summary>
/// Both stand-ins plus the real Scaler run wired to them: the real KubernetesClient over real HTTP, the real
/// predictor client. Tests set the Deployment, the predictor's answers and the environment, then run.
/// </summary>
public sealed class ScalerHarness : IAsyncDisposable
{
    public const string Namespace = "shop";
    public const string Deployment = "web";
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 14, 30, 0, TimeSpan.Zero);

    private ScalerHarness(KubernetesApiStandIn kubernetes, PredictorStandIn predictor)
    {
        Kubernetes = kubernetes;
        Predictor = predictor;
    }

    public KubernetesApiStandIn Kubernetes { get; }
    public PredictorStandIn Predictor { get; }
    public FixedClock Clock { get; } = new(Start);

    /// <summary>The client's per-call timeout; the app's own is longer, the tests need not wait for it.</summary>
    public TimeSpan KubernetesCallTimeout { get; set; } = ScalerApp.KubernetesCallTimeout;

    /// <summary>The environment of the CronJob's container; tests add to it.</summary>
    public Dictionary<string, string> Environment { get; } = new();

    public static async Task<ScalerHarness> StartAsync(int replicas = 2, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var harness = new ScalerHarness(await KubernetesApiStandIn.StartAsync(), await PredictorStandIn.StartAsync());
        harness.Kubernetes.AddDeployment(Namespace, Deployment, replicas, annotations);
        harness.Environment[EnvVars.PredictorUrl] = harness.Predictor.Url.AbsoluteUri;
        harness.Environment[EnvVars.TargetNamespace] = Namespace;
        harness.Environment[EnvVars.TargetDeployment] = Deployment;
        harness.Environment[EnvVars.MinReplicas] = "1";
        harness.Environment[EnvVars.MaxReplicas] = "10";
        return harness;
    }

    public int Replicas => Kubernetes.Replicas(Namespace, Deployment);
    public IReadOnlyDictionary<string, string> Annotations => Kubernetes.Annotations(Namespace, Deployment);
    public IEnumerable<string> ScalePatches => Kubernetes.Requests.Where(r => r.StartsWith("PATCH", StringComparison.Ordinal) && r.EndsWith("/scale", StringComparison.Ordinal));

    public async Task<RunOutcome> RunAsync(PredictorReply? reply = null)
    {
        if (reply is not null) Predictor.Reply = _ => reply;
        var settings = ScalerSettings.FromEnvironment(EnvReader.From(Environment));
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Kubernetes.Url, HttpClientTimeout = KubernetesCallTimeout });
        using var predictor = new PredictorClient(settings.PredictorUrl, settings.PredictorTimeout);
        var log = new StringWriter();
        var exitCode = await new ScaleRun(settings, client, predictor, Clock, log).ExecuteAsync(CancellationToken.None);
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
