// Sends hostile requests to a running Predictor and counts its answers by status: any 5xx is a failure.
// Usage: dotnet run --project bench/hostile-requests -c Release -- URL [REQUESTS] [SEED]
//   URL       the Predictor, e.g. http://127.0.0.1:8080
//   REQUESTS  how many (default 12000); SEED makes a run repeatable (default 1)
// Exit code: 0 when no answer was a 5xx and every request got an answer, 1 otherwise, 2 for bad arguments.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

if (args.Length is < 1 or > 3 || !Uri.TryCreate(args[0], UriKind.Absolute, out var baseUri)
    || !TryCount(args, 1, 12_000, out var requests) || !TryCount(args, 2, 1, out var seed))
{
    Console.Error.WriteLine("usage: hostile-requests URL [REQUESTS] [SEED]   e.g. hostile-requests http://127.0.0.1:8080 12000 1");
    return 2;
}

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
// Kestrel closes the connection after refusing a body over its limit: such requests go on connections of their own, so
// that a request reusing a connection Kestrel has just closed is not counted as left unanswered.
using var oversizedClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
var card = JsonDocument.Parse(await client.GetStringAsync("/model")).RootElement;
var step = TimeSpan.Parse(card.GetProperty("step").GetString()!, CultureInfo.InvariantCulture);
var historyPoints = Math.Max(2, card.GetProperty("historyPoints").GetInt32());
Console.WriteLine($"model {card.GetProperty("version").GetString()}: {card.GetProperty("featureSet").GetString()} features, step {step}, {historyPoints} observations per forecast");

var statuses = new ConcurrentDictionary<string, int>();
var fivexx = new ConcurrentQueue<string>();
var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellation) =>
{
    var random = new Random(HashCode.Combine(seed, i));
    var (description, request) = Hostile.Request(random, step, historyPoints);
    string outcome;
    try
    {
        using (request)
        using (var response = await (description.Contains(Hostile.OversizedKind) ? oversizedClient : client).SendAsync(request, cancellation))
        {
            var code = (int)response.StatusCode;
            outcome = code.ToString(CultureInfo.InvariantCulture);
            if (code >= 500)
                fivexx.Enqueue($"{code} for {description}: {Shorten(await response.Content.ReadAsStringAsync(cancellation))}");
        }
    }
    catch (HttpRequestException e)
    {
        // Kestrel answers a body over its limit with 413 and closes the connection, which the client may see before the
        // answer; any other request left without an answer is a failure like a 5xx.
        outcome = $"no answer ({(description.Contains(Hostile.OversizedKind) ? "oversized body" : e.HttpRequestError.ToString())})";
        if (!description.Contains(Hostile.OversizedKind)) fivexx.Enqueue($"no answer for {description}: {e.Message}");
    }
    statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
});

Console.WriteLine($"{requests} hostile requests in {clock.Elapsed.TotalSeconds:0.0} s ({requests / clock.Elapsed.TotalSeconds:0} /s)");
foreach (var (status, count) in statuses.OrderBy(s => s.Key, StringComparer.Ordinal))
    Console.WriteLine($"  {status,-10} {count,7}");
var serverErrors = statuses.Where(s => s.Key.StartsWith('5')).Sum(s => s.Value);
Console.WriteLine($"5xx: {serverErrors} (target 0)");
foreach (var failure in fivexx.Take(10)) Console.WriteLine("  " + failure);
return fivexx.IsEmpty ? 0 : 1;

static bool TryCount(string[] args, int index, int fallback, out int value)
{
    value = fallback;
    return args.Length <= index || (int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0);
}

static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
