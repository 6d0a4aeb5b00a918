using LabA.Domain.Settings;
using LabA.Forecasting;

namespace LabA.Predictor.Models;

/// <summary>
/// One verified model as one place (MODEL_DIR, a model of MODELS_DIR) serves it: the model, the margin its
/// recommendations add, where it was read from and when. A request holds it through a <see cref="ModelLease"/> from
/// start to answer, so a reload that replaces it meanwhile lets go of the model only once the last such request is done.
/// Places holding the same files share one loaded model (<see cref="LoadedModels"/>): letting go then means handing
/// back this place's share.
/// </summary>
internal sealed class ServedModel
{
    // The holder's own reference plus one per lease; it reaches 0 once, after Retire and the last Release.
    private int _references = 1;
    private readonly Action _letGo;

    internal ServedModel(ForecastModel model, double provisioningMargin, string source, DateTimeOffset loadedAt, Action? letGo = null)
    {
        Model = model;
        ProvisioningMargin = provisioningMargin;
        Source = source;
        LoadedAt = loadedAt;
        _letGo = letGo ?? model.Dispose;
    }

    public ForecastModel Model { get; }
    /// <summary>What recommendations add to the forecast: the PROVISION_QUANTILE quantile of the model's validation errors.</summary>
    public double ProvisioningMargin { get; }
    /// <summary>The directory the model was read from (MODEL_DIR or BOOTSTRAP_MODEL_DIR).</summary>
    public string Source { get; }
    public DateTimeOffset LoadedAt { get; }
    public string Version => Model.Card.Version;

    /// <summary>
    /// Verifies the model in <paramref name="directory"/> (<see cref="ModelDirectory.Verify(string)"/>) and that it can serve the
    /// settings; returns it, or null and the one-line reason it may not serve.
    /// </summary>
    public static (ServedModel? Served, string? Refusal) Load(string directory, PredictorSettings settings, DateTimeOffset now)
    {
        var (model, margin, refusal) = Verify(directory, settings);
        return model is null ? (null, refusal) : (new ServedModel(model, margin, directory, now), null);
    }

    /// <summary>
    /// The model in <paramref name="directory"/> when it verifies and can serve the settings, with its provisioning
    /// margin; else null and the one-line reason. The caller owns (disposes) the model.
    /// </summary>
    internal static (ForecastModel? Model, double Margin, string? Refusal) Verify(string directory, PredictorSettings settings)
    {
        var verification = ModelDirectory.Verify(directory);
        if (verification.Model is not { } model) return (null, 0, verification.Reason);
        if (settings.PinnedModelVersion is { } pinned && model.Card.Version != pinned)
        {
            model.Dispose();
            return (null, 0, $"{directory}: version {model.Card.Version} is not the one MODEL_VERSION pins ({pinned})");
        }
        try
        {
            return (model, model.ProvisioningMargin(settings.ProvisionQuantile), null);
        }
        catch (SettingsException e)
        {
            // A card without error quantiles cannot serve the quantile asked for.
            model.Dispose();
            return (null, 0, $"{directory}: {e.Message}");
        }
    }

    /// <summary>True when both are the same trained model: same version, same archive.</summary>
    public bool IsSameModelAs(ServedModel other) =>
        Version == other.Version && Model.Card.Archive?.Sha256 == other.Model.Card.Archive?.Sha256;

    /// <summary>A reference for one request, or false once the model is retired and no request holds it any more.</summary>
    internal bool TryAcquire()
    {
        var references = Volatile.Read(ref _references);
        while (references > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, references + 1, references);
            if (seen == references) return true;
            references = seen;
        }
        return false;
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0) _letGo();
    }

    /// <summary>Drops the holder's reference: the model is let go of when the last request holding it is done.</summary>
    internal void Retire() => Release();
}
