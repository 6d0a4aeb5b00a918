// Asks a running Predictor /predict at a fixed rate while bench/model-swap.sh swaps its model, and checks every answer.
// Usage: ModelSwap URL RATE SECONDS READY_FILE
//   It first records the served model's answer for each of 60 instants, touches READY_FILE (the script then starts
//   swapping), sends RATE requests per second for SECONDS (open loop: on schedule, not after the previous answer), and
//   finally records the answers of the model served then. An answer is wrong when it names a version other than those
//   two, or when its forecast is not the one its version gave for that instant.
// Exit code: 0 when no request failed and no answer was wrong, 1 otherwise, 2 for bad arguments.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LabA.Domain.Predict;

if (args.Length != 4 || !Uri.TryCreate(args[0], UriKind.Absolute, out var baseUri)
    || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var rate) || rate < 1
    || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
{
    Console.Error.WriteLine("usage: ModelSwap URL RATE SECONDS READY_FILE   e.g. ModelSwap http://127.0.0.1:8080 200 30 out/ready");
    return 2;
}

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
var monday = new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
var instants = Enumerable.Range(0, 60).Select(i => monday.AddMinutes(i * 167)).ToArray();
string PathFor(int instant) => $"{PredictRoutes.Predict}?{PredictQueryKeys.At}={PredictTimestamp.Write(instants[instant])}";

async Task<(string Version, double Cpu)> Ask(int instant)
{
    using var response = await client.GetAsync(PathFor(instant));
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode}: {body}");
    var answer = JsonSerializer.Deserialize(body, PredictJson.Default.PredictorAnswer)!;
    return (answer.ModelVersion, answer.PredictedCpu);
}

// Each version's answer per instant, recorded while that version alone is served.
var reference = new Dictionary<string, double[]>();
async Task Record()
{
    var answers = new (string Version, double Cpu)[instants.Length];
    for (var i = 0; i < instants.Length; i++) answers[i] = await Ask(i);
    var version = answers[0].Version;
    if (answers.Any(a => a.Version != version)) throw new InvalidOperationException("the model changed while its reference answers were recorded");
    reference[version] = [.. answers.Select(a => a.Cpu)];
}

await Record();
await File.WriteAllTextAsync(args[3], "");

var outcomes = new ConcurrentBag<(long Sent, string? Version, double Cpu, int Instant, double Milliseconds, string? Failure)>();
var inFlight = new List<Task>();
var clock = Stopwatch.StartNew();
var total = (long)rate * seconds;
for (long k = 0; k < total; k++)
{
    var due = TimeSpan.FromSeconds((double)k / rate);
    if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
    var instant = (int)(k % instants.Length);
    var sent = k;
    inFlight.Add(Task.Run(async () =>
    {
        var started = clock.Elapsed;
        try
        {
            var (version, cpu) = await Ask(instant);
            outcomes.Add((sent, version, cpu, instant, (clock.Elapsed - started).TotalMilliseconds, null));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            outcomes.Add((sent, null, 0, instant, (clock.Elapsed - started).TotalMilliseconds, e.Message));
        }
    }));
}
await Task.WhenAll(inFlight);
var elapsed = clock.Elapsed;
await Record();

var failed = outcomes.Where(o => o.Failure is not null).ToArray();
var wrong = outcomes.Where(o => o.Failure is null && (!reference.TryGetValue(o.Version!, out var cpus) || cpus[o.Instant] != o.Cpu)).ToArray();
var latencies = outcomes.Select(o => o.Milliseconds).Order().ToArray();
double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
// A version change seen by requests in send order: how often the answers' version flipped.
var flips = outcomes.Where(o => o.Version is not null).OrderBy(o => o.Sent).Select(o => o.Version).Aggregate((Count: 0, Last: (string?)null),
    (state, version) => (state.Last is not null && state.Last != version ? state.Count + 1 : state.Count, version)).Count;
Console.WriteLine($"{outcomes.Count} requests in {elapsed.TotalSeconds:0.0} s ({outcomes.Count / elapsed.TotalSeconds:0} req/s asked at {rate}); " +
                  $"versions answered: {string.Join(", ", outcomes.Where(o => o.Version is not null).GroupBy(o => o.Version).Select(g => $"{g.Key} x{g.Count()}"))}; " +
                  $"version changes in send order: {flips}");
Console.WriteLine($"latency p50 {Percentile(0.5):0.0} ms, p99 {Percentile(0.99):0.0} ms, max {latencies[^1]:0.0} ms");
Console.WriteLine($"{(failed.Length == 0 ? "PASS" : "FAIL")}  failed requests: {failed.Length} (target 0){(failed.Length > 0 ? "; first: " + failed[0].Failure : "")}");
Console.WriteLine($"{(wrong.Length == 0 ? "PASS" : "FAIL")}  wrong-version answers: {wrong.Length} (target 0)");
if (reference.Count < 2) Console.WriteLine("FAIL  only one version was served: the swap did not happen");
return failed.Length == 0 && wrong.Length == 0 && reference.Count >= 2 ? 0 : 1;
