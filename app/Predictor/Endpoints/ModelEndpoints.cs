using LabA.Forecasting.Model;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Endpoints;

public static class ModelEndpoints
{
    /// <summary>
    /// GET /model: the card the Trainer wrote beside the model (what it was trained on, how well it did), in model.json's
    /// own shape. The data file is shown by name (and hash) only, also for cards written when it was a full path.
    /// </summary>
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/model", (ServedModel served) => served.Model is { } model
            ? Results.Json(model.Card with { Data = model.Card.Data with { File = DataSourceName.Of(model.Card.Data.File) } }, ModelCardJson.Default.ModelCard)
            : served.Unavailable());
        return app;
    }
}
