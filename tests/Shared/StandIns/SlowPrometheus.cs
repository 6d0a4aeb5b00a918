using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LabA.Tests.Shared;

/// <summary>A real Prometheus behind a proxy that takes <c>delay</c> over every range query: a slow, not a broken, server.</summary>
public sealed class SlowPrometheus : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new();

    private SlowPrometheus(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single();

    public static async Task<SlowPrometheus> StartAsync(string upstream, TimeSpan delay)
    {
        var app = LoopbackApp.Build();
        var proxy = new SlowPrometheus(app);
        app.MapPost("/api/v1/query_range", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            await Task.Delay(delay, context.RequestAborted);
            using var answer = await proxy._upstream.PostAsync(
                new Uri(new Uri(upstream), "api/v1/query_range"), new FormUrlEncodedContent(form.Select(field => KeyValuePair.Create(field.Key, field.Value.ToString()))));
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(await answer.Content.ReadAsStringAsync());
        });
        await app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        _upstream.Dispose();
        await _app.DisposeAsync();
    }
}
