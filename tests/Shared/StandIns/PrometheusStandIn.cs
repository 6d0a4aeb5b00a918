using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LabA.Tests.Shared;

/// <summary>
/// Prometheus' <c>/api/v1/query_range</c> for unit tests: each query answers one series holding the value
/// <see cref="Load"/> gives it at every step of the asked range, no series when it gives null, and 503 for a query in
/// <see cref="Failing"/>. For the behaviour of a real Prometheus, use tests/Shared/Prometheus.
/// </summary>
public sealed class PrometheusStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PrometheusStandIn(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single();

    public Func<string, double?> Load { get; set; } = _ => null;

    public ConcurrentDictionary<string, bool> Failing { get; } = new();

    public ConcurrentQueue<string> Queries { get; } = new();

    public static async Task<PrometheusStandIn> StartAsync()
    {
        var app = LoopbackApp.Build();
        var standIn = new PrometheusStandIn(app);
        app.MapPost("/api/v1/query_range", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var query = form["query"].ToString();
            standIn.Queries.Enqueue(query);
            if (standIn.Failing.ContainsKey(query))
                return Results.Json(new JsonObject { ["status"] = "error", ["errorType"] = "unavailable", ["error"] = "stand-in refuses this query" }, statusCode: 503);
            var (start, end, step) = (Seconds(form["start"]), Seconds(form["end"]), Seconds(form["step"]));
            var result = new JsonArray();
            if (standIn.Load(query) is { } value)
            {
                var values = new JsonArray();
                for (var t = start; t <= end; t += step)
                    values.Add((JsonNode)new JsonArray(t, value.ToString(CultureInfo.InvariantCulture)));
                result.Add((JsonNode)new JsonObject { ["metric"] = new JsonObject(), ["values"] = values });
            }
            return Results.Json(new JsonObject
            {
                ["status"] = "success",
                ["data"] = new JsonObject { ["resultType"] = "matrix", ["result"] = result },
            });
        });
        await app.StartAsync();
        return standIn;
    }

    private static double Seconds(string? text) => double.Parse(text!, CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
