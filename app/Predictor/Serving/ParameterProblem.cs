namespace LabA.Predictor.Serving;

/// <summary>A request the service refuses, naming the parameter (a query key, <c>body</c>, or the route's <c>model</c>) and what was wrong with it.</summary>
/// <param name="RetryAfterSeconds">For a 429: the Retry-After header, so clients back off by the server's word rather than guess.</param>
internal sealed record ParameterProblem(string Parameter, string Detail, int Status = StatusCodes.Status400BadRequest, int? RetryAfterSeconds = null)
{
    public IResult ToResult() => RetryAfterSeconds is { } seconds ? new WithRetryAfter(Problem(), seconds) : Problem();

    private sealed class WithRetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    private IResult Problem() => TypedResults.Problem(
        detail: $"{Parameter}: {Detail}",
        statusCode: Status,
        title: Status switch
        {
            StatusCodes.Status422UnprocessableEntity => "The request cannot be forecast",
            StatusCodes.Status429TooManyRequests => "Too many such requests at once",
            StatusCodes.Status404NotFound => "No such model",
            _ => "Invalid request parameter",
        },
        extensions: new Dictionary<string, object?> { ["parameter"] = Parameter });
}
