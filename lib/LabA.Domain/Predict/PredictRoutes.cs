namespace LabA.Domain.Predict;

/// <summary>The Predictor's HTTP paths that other deployables call.</summary>
public static class PredictRoutes
{
    /// <summary>GET: a forecast by clock time (calendar models); POST: a forecast from the observations in the body.</summary>
    public const string Predict = "/predict";
    /// <summary>GET: the served model's card (model.json).</summary>
    public const string Model = "/model";

    /// <summary>The route parameter naming a model in workloads mode (MODELS_DIR).</summary>
    public const string ModelParameter = "model";
    /// <summary>Workloads mode: <see cref="Predict"/> for one model of MODELS_DIR.</summary>
    public const string WorkloadPredict = "/workloads/{" + ModelParameter + "}/predict";
    /// <summary>Workloads mode: <see cref="Model"/> for one model of MODELS_DIR.</summary>
    public const string WorkloadModel = "/workloads/{" + ModelParameter + "}/model";

    /// <summary>The base a client of one model's routes resolves "predict" and "model" against, e.g. <c>/workloads/checkout/</c>.</summary>
    public static string WorkloadBase(string model) => $"/workloads/{Uri.EscapeDataString(model)}/";
}
