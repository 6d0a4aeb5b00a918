namespace LabA.Domain.Predict;

/// <summary>The Predictor's HTTP paths that other deployables call.</summary>
public static class PredictRoutes
{
    /// <summary>GET: a forecast by clock time (calendar models); POST: a forecast from the observations in the body.</summary>
    public const string Predict = "/predict";
    /// <summary>GET: the served model's card (model.json).</summary>
    public const string Model = "/model";
}
