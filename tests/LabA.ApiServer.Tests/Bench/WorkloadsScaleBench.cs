using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using LabA.ApiServer.Tests.Fixture;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;
using LabA.Scaler;
using Xunit.Abstractions;

namespace LabA.ApiServer.Tests;

/// <summary>
/// bench/workloads.sh's measurement, not a test the suites run (test.sh leaves Category Bench out): one Scaler run of
/// N workloads against the real API server, in process so that its API calls can be counted, for each N in
/// LABA_BENCH_WORKLOADS. Writes its table to LABA_BENCH_OUT.
/// </summary>
[Collection("real API server")]
[Trait("Category", "Bench")]
public sealed class WorkloadsScaleBench(ApiServerFixture server, ITestOutputHelper output)
{
    private sealed class CountingHandler : DelegatingHandler
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // .../namespaces/<namespace>/<resource>[/<name>[/scale]]
            var segments = request.RequestUri!.AbsolutePath.Split('/');
            var at = Array.IndexOf(segments, "namespaces") + 2;
            var resource = segments[^1] == "scale" ? segments[at] + "/scale" : segments[at];
            Calls.AddOrUpdate($"{request.Method} {resource}", 1, (_, n) => n + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task One_run_of_N_workloads()
    {
        var sizes = (Environment.GetEnvironmentVariable("LABA_BENCH_WORKLOADS") ?? "60").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList();
        await using var predictor = await ModelsPredictorStandIn.StartAsync();
        await using var prometheus = await PrometheusStandIn.StartAsync();
        prometheus.Load = _ => 40;
        for (var m = 0; m < 20; m++) predictor.Loads[$"model-{m}"] = (100, 110);
        var table = new StringBuilder("| workloads | run | API calls | calls a workload | state ConfigMap | bytes a workload | allocated | decided |\n");
        table.Append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var size in sizes)
        {
            var ns = $"bench-{size}-{Guid.NewGuid().ToString("N")[..6]}";
            await server.CreateNamespaceAsync(ns);
            await server.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = Names.ScalerState } }, ns);
            var json = new JsonArray();
            await Parallel.ForEachAsync(Enumerable.Range(0, size), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
                await StackObjects.ApplyWorkloadAsync(server.Admin, ns, "Deployment", $"svc-{i:000}", 1));
            for (var i = 0; i < size; i++)
                json.Add((JsonNode)new JsonObject
                {
                    ["name"] = $"svc-{i:000}", ["query"] = $"demand_{i}", ["perReplica"] = (i % 20) + 1, ["maxReplicas"] = 200, ["model"] = $"model-{i % 20}",
                });
            var workloads = WorkloadList.Parse(json.ToJsonString(), "bench", ns);
            var settings = ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string>
            {
                [ScalerCatalogue.PredictorUrl.Env] = predictor.Url.AbsoluteUri,
                [ScalerCatalogue.PrometheusUrl.Env] = prometheus.Url,
                [ScalerCatalogue.TargetNamespace.Env] = ns,
            }));
            var counting = new CountingHandler();
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.AdminKubeconfigPath), counting);
            var log = new StringWriter();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var exitCode = await new WorkloadsRun(settings, workloads, client, TimeProvider.System, log, new RunDeadline(TimeSpan.FromMinutes(5)))
                .ExecuteAsync(CancellationToken.None);
            watch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var state = await server.Admin.CoreV1.ReadNamespacedConfigMapAsync(Names.ScalerState, ns);
            var stateBytes = state.Data.Sum(pair => Encoding.UTF8.GetByteCount(pair.Key) + Encoding.UTF8.GetByteCount(pair.Value));
            var calls = counting.Calls.Values.Sum();
            var summary = log.ToString().Trim().Split('\n')[^1];
            table.Append(CultureInfo.InvariantCulture,
                $"| {size} | {watch.Elapsed.TotalSeconds:0.0} s | {calls} ({string.Join(", ", counting.Calls.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}) "
                + $"| {(double)calls / size:0.0} | {stateBytes / 1024.0:0} KiB | {stateBytes / size} | {allocated / 1048576.0:0} MiB | exit {exitCode} |\n");
            output.WriteLine(summary);
            Assert.Equal(ScalerExitCodes.Done, exitCode);
        }
        output.WriteLine(table.ToString());
        if (Environment.GetEnvironmentVariable("LABA_BENCH_OUT") is { Length: > 0 } file) await File.WriteAllTextAsync(file, table.ToString());
    }
}
