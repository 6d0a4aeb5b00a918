using System.Collections.Frozen;

namespace LabA.Predictor.Serving;

/// <summary>
/// What prometheus-net's HTTP metrics label a request with, made honest and bounded:
/// <list type="bullet">
/// <item>A client can send any token as a method, and each new one would add series to /metrics for the life of the
/// process: after routing has matched the real method (so it still answers 405), a method outside HTTP's standard set
/// becomes <see cref="OtherMethod"/> and a standard one is spelled in capitals. This runs before the metrics
/// middleware (<see cref="UseHttpMethodLabels"/>): the in-progress gauge takes its labels as the request enters it.</item>
/// <item>A request that throws still has the 200 it started with until the exception handler, outside the metrics so
/// that the endpoint label survives, answers it: it is marked 500 as the exception passes, so it is counted as a 500.</item>
/// </list>
/// </summary>
internal static class HttpMetricsLabels
{
    public const string OtherMethod = "OTHER";

    private static readonly FrozenDictionary<string, string> StandardMethods = new[]
    {
        HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete,
        HttpMethods.Connect, HttpMethods.Options, HttpMethods.Trace, HttpMethods.Patch,
    }.ToFrozenDictionary(method => method, method => method, StringComparer.OrdinalIgnoreCase);

    public static string MethodLabel(string method) => StandardMethods.GetValueOrDefault(method, OtherMethod);

    /// <summary>Goes right before <c>UseHttpMetrics</c>, after <c>UseRouting</c>.</summary>
    public static IApplicationBuilder UseHttpMethodLabels(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Request.Method = MethodLabel(context.Request.Method);
        return next(context);
    });

    /// <summary>Goes right after <c>UseHttpMetrics</c>, which reads the status as the request leaves it.</summary>
    public static IApplicationBuilder UseHttpMetricsLabels(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            throw;
        }
    });
}
