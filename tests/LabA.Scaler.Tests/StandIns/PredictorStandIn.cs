using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LabA.Scaler.Tests.StandIns;

/// <summary>One answer of the predictor stand-in: status, body, and how long to wait before sending it.</summary>
public sealed record PredictorReply(int Status, string Body, TimeSpan Delay = default)
{
    public static PredictorReply Forecast(double cpu, int replicas) => new(200, string.Create(CultureInfo.InvariantCulture,
        $$"""{"predicted_cpu": {{cpu}}, "recommended_replicas": {{replicas}}, "timestamp": "2025-06-01T14:35:00Z", "model_version": "test"}"""));
}

/// <summary>A predictor over real HTTP on 127.0.0.1 whose answers a test chooses, request by request.</summary>
public sealed class PredictorStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private PredictorStandIn(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.Single() + "/predict");

    /// <summary>The answer to the n-th request (0-based); a test sets it before the run.</summary>
    public Func<int, PredictorReply> Reply { get; set; } = _ => PredictorReply.Forecast(50, 5);

    /// <summary>The query strings received, in order.</summary>
    public ConcurrentQueue<string> Queries { get; } = new();

    public static async Task<PredictorStandIn> StartAsync()
    {
        var app = LoopbackApp.Build();
        var standIn = new PredictorStandIn(app);
        app.MapGet("/predict", async (HttpContext context) =>
        {
            standIn.Queries.Enqueue(context.Request.QueryString.Value ?? "");
            var reply = standIn.Reply(Interlocked.Increment(ref standIn._requests) - 1);
            if (reply.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(reply.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body);
        });
        await app.StartAsync();
        return standIn;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
