using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LabA.Scaler.Tests.StandIns;

/// <summary>
/// One answer of the predictor stand-in: status, body, and how long to wait before sending it. <see cref="Padding"/>
/// spaces and then <see cref="Suffix"/> follow the body, streamed in chunks: an answer too large to hold.
/// </summary>
public sealed record PredictorReply(int Status, string Body, TimeSpan Delay = default, int Padding = 0, string Suffix = "")
{
    public static PredictorReply Forecast(double cpu, int replicas) => new(200, string.Create(CultureInfo.InvariantCulture,
        $$"""{"predicted_cpu": {{cpu}}, "recommended_replicas": {{replicas}}, "timestamp": "2025-06-01T14:35:00Z", "model_version": "test"}"""));

    public static PredictorReply Streamed(string body, int padding, string suffix) => new(200, body, Padding: padding, Suffix: suffix);
}

/// <summary>A predictor over real HTTP on 127.0.0.1 whose answers a test chooses, request by request.</summary>
public sealed class PredictorStandIn : IAsyncDisposable
{
    private const int ChunkBytes = 64 * 1024;
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;
    private long _bytesSent;

    private PredictorStandIn(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.Single() + "/predict");

    /// <summary>The answer to the n-th request (0-based); a test sets it before the run.</summary>
    public Func<int, PredictorReply> Reply { get; set; } = _ => PredictorReply.Forecast(50, 5);

    /// <summary>The query strings received, in order.</summary>
    public ConcurrentQueue<string> Queries { get; } = new();

    /// <summary>Body bytes written to clients so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Completes when an answer has been sent whole, or the client hung up on it.</summary>
    public Task Finished => _finished.Task;

    public static async Task<PredictorStandIn> StartAsync()
    {
        var app = LoopbackApp.Build();
        var standIn = new PredictorStandIn(app);
        app.MapGet("/predict", async (HttpContext context) =>
        {
            standIn.Queries.Enqueue(context.Request.QueryString.Value ?? "");
            var reply = standIn.Reply(Interlocked.Increment(ref standIn._requests) - 1);
            try
            {
                if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, context.RequestAborted);
                context.Response.StatusCode = reply.Status;
                context.Response.ContentType = "application/json";
                await standIn.SendAsync(context.Response, reply.Body, context.RequestAborted);
                var chunk = new string(' ', ChunkBytes);
                for (var sent = 0; sent < reply.Padding; sent += ChunkBytes)
                    await standIn.SendAsync(context.Response, chunk[..Math.Min(ChunkBytes, reply.Padding - sent)], context.RequestAborted);
                await standIn.SendAsync(context.Response, reply.Suffix, context.RequestAborted);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The client hung up.
            }
            finally
            {
                standIn._finished.TrySetResult();
            }
        });
        await app.StartAsync();
        return standIn;
    }

    private async Task SendAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
        Interlocked.Add(ref _bytesSent, bytes.Length);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
