namespace LabA.Predictor.Serving;

/// <summary>A request the service refuses, naming the parameter (a query key, or <c>body</c>) and what was wrong with it.</summary>
internal sealed record ParameterProblem(string Parameter, string Detail, int Status = StatusCodes.Status400BadRequest)
{
    public IResult ToResult() => TypedResults.Problem(
        detail: $"{Parameter}: {Detail}",
        statusCode: Status,
        title: Status switch
        {
            StatusCodes.Status422UnprocessableEntity => "The request cannot be forecast",
            StatusCodes.Status429TooManyRequests => "Too many such requests at once",
            _ => "Invalid request parameter",
        },
        extensions: new Dictionary<string, object?> { ["parameter"] = Parameter });
}
