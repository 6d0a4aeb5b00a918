namespace LabA.Forecasting;

/// <summary>What <see cref="ModelDirectory.Verify(string)"/> found: a model that may be served, or the one-line reason it may not.</summary>
public sealed record ModelVerification
{
    private ModelVerification(ForecastModel? model, string? reason)
    {
        Model = model;
        Reason = reason;
    }

    /// <summary>Set exactly when <see cref="Reason"/> is null; the caller owns (disposes) it.</summary>
    public ForecastModel? Model { get; }
    public string? Reason { get; }

    public static ModelVerification Verified(ForecastModel model) => new(model, null);

    public static ModelVerification Refused(string reason) => new(null, reason);
}
