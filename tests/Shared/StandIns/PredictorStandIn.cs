using System.Collections.Concurrent;
using System.Text;
using LabA.Domain.Predict;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LabA.Tests.Shared;

/// <summary>A predictor over real HTTP on 127.0.0.1 whose answers a test chooses, request by request.</summary>
public sealed class PredictorStandIn : IAsyncDisposable
{
    private const int ChunkBytes = 64 * 1024;
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;
    private long _bytesSent;

    private PredictorStandIn(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.Single() + PredictRoutes.Predict);

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
        app.MapGet(PredictRoutes.Predict, async (HttpContext context) =>
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
        // Once the client has hung up, Kestrel completes writes at once without sending, and it signals the abort from
        // a thread-pool callback: yield so that callback runs before the next chunk, or a busy machine counts the whole
        // answer as sent.
        await Task.Yield();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
