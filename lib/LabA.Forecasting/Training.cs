using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;
using Microsoft.ML;

namespace LabA.Forecasting;

public sealed record TrainingOptions
{
    /// <summary>"calendar" (default) or "recent"; see <see cref="FeatureSpec"/>.</summary>
    public string FeatureSet { get; init; } = FeatureSpec.CalendarName;
    public TimeSpan Horizon { get; init; } = Defaults.Horizon;
    public string Trainer { get; init; } = Trainers.FastTree;
    public TimeSpan RollingWindow { get; init; } = FeatureSpec.DefaultRollingWindow;
    /// <summary>The share of the series, at its end, held out for evaluation; never shuffled.</summary>
    public double HoldoutFraction { get; init; } = 0.2;
}

/// <summary>
/// Trains a forecaster on the first part of a series and scores it, beside the naive baselines, on the held-out end.
/// Training examples all have their target before the hold-out starts, so nothing of the hold-out leaks into the fit.
/// </summary>
public static class Training
{
    public const int MinimumTrainingExamples = 50;
    public const int MinimumHoldoutExamples = 10;
    /// <summary>The share of the training part, at its end, whose errors estimate the provisioning margin.</summary>
    public const double ValidationFraction = 0.2;

    /// <summary>The horizon when none is given: the default, or the smallest multiple of a longer step (one step of a 30-minute series).</summary>
    public static TimeSpan DefaultHorizon(TimeSpan step) =>
        Defaults.Horizon.Ticks % step.Ticks == 0 ? Defaults.Horizon : step * Math.Ceiling((double)Defaults.Horizon.Ticks / step.Ticks);

    public static ForecastModel Train(LoadSeries series, TrainingOptions options)
    {
        if (options.HoldoutFraction is <= 0 or >= 1)
            throw new SettingsException("--holdout", $"{options.HoldoutFraction} must be between 0 and 1");
        var spec = FeatureSpec.For(options.FeatureSet, series, options.Horizon, options.RollingWindow);
        var choice = Trainers.Create(options.Trainer, Ml.Context);

        var holdoutStart = HoldoutStart(series.Count, options.HoldoutFraction);
        // The validation slice is the end of the training part, so the error distribution is estimated without the hold-out.
        var validationStart = HoldoutStart(holdoutStart, ValidationFraction);
        var trainingAnchors = Evaluation.Anchors(spec, series, holdoutStart, Math.Max(spec.HistoryPoints - 1, 0), firstTarget: 0);
        var holdoutAnchors = Evaluation.Anchors(spec, series, series.Count, Evaluation.MinimumAnchor(spec), firstTarget: holdoutStart);
        var fitBeforeValidation = trainingAnchors.Count(anchor => anchor + spec.HorizonSteps < validationStart);
        var validationAnchors = trainingAnchors.Skip(fitBeforeValidation).ToArray();
        if (fitBeforeValidation < MinimumTrainingExamples || validationAnchors.Length < MinimumHoldoutExamples || holdoutAnchors.Count < MinimumHoldoutExamples)
            throw new SeriesFormatException(series.Source, null,
                $"too short: {series.Count} points at {Durations.Format(series.Step)} step give {fitBeforeValidation} training, {validationAnchors.Length} validation and " +
                $"{holdoutAnchors.Count} hold-out examples for horizon {Durations.Format(spec.Horizon)} with {spec.FeatureSetName} features " +
                $"(history {spec.HistoryPoints} points); need at least {MinimumTrainingExamples}, {MinimumHoldoutExamples} and {MinimumHoldoutExamples}");

        var rows = trainingAnchors.Select(anchor =>
        {
            var row = new ForecastRow();
            spec.Fill(series, anchor, row);
            var actual = series.Observations[anchor + spec.HorizonSteps].Value;
            row.Label = (float)(spec.PredictsChange ? actual - series.KnownAt(anchor)[anchor].Value : actual);
            return row;
        }).ToArray();
        var ml = Ml.Context;
        IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate("Features", [.. spec.Columns]);
        if (choice.NeedsNormalizedFeatures) pipeline = pipeline.Append(ml.Transforms.NormalizeMeanVariance("Features"));
        pipeline = pipeline.Append(choice.Estimator);

        var residuals = ValidationResiduals(series, spec, pipeline.Fit(ml.Data.LoadFromEnumerable(rows[..fitBeforeValidation])), validationAnchors);
        var trainingData = ml.Data.LoadFromEnumerable(rows);
        var transformer = pipeline.Fit(trainingData);

        var metrics = Evaluation.Score(series, spec, holdoutAnchors, Evaluation.ForecastAt(transformer, spec, series, holdoutAnchors), residuals);
        var data = DataFingerprint.Describe(series, trainingAnchors.Count, holdoutAnchors.Count);
        return ForecastModel.Seal(transformer, trainingData.Schema, spec, CardFor(spec, options, choice, DateTimeOffset.UtcNow, data, metrics) with { Residuals = residuals });
    }

    /// <summary>
    /// Actual − forecast on the validation slice, forecast by <paramref name="earlyFit"/>, which was fitted only on targets
    /// before the slice: an honest sample of the errors the final model makes on data it has not seen.
    /// </summary>
    private static ForecastResiduals ValidationResiduals(LoadSeries series, FeatureSpec spec, ITransformer earlyFit, IReadOnlyList<int> validationAnchors)
    {
        var forecasts = Evaluation.ForecastAt(earlyFit, spec, series, validationAnchors);
        var errors = validationAnchors.Select((anchor, i) => series.Observations[anchor + spec.HorizonSteps].Value - forecasts[i]).ToArray();
        var from = series.Observations[validationAnchors[0] + spec.HorizonSteps].Timestamp;
        var to = series.Observations[validationAnchors[^1] + spec.HorizonSteps].Timestamp;
        return ForecastResiduals.Of(errors,
            $"validation slice {from:yyyy-MM-ddTHH:mm:ssZ}..{to:yyyy-MM-ddTHH:mm:ssZ} (the last {ValidationFraction:0%} of the training part), " +
            "forecast by a model fitted only on the training targets before it; the final model is then fitted on the whole training part",
            from, to);
    }

    /// <summary>The index of the first held-out observation: the last <paramref name="holdoutFraction"/> of the series is held out.</summary>
    public static int HoldoutStart(int count, double holdoutFraction) => count - (int)Math.Round(count * holdoutFraction);

    /// <summary>Trains on <paramref name="series"/> and writes model.zip and model.json into <paramref name="directory"/> as one unit.</summary>
    public static ForecastModel TrainToDirectory(LoadSeries series, TrainingOptions options, string directory)
    {
        var model = Train(series, options);
        model.Save(directory);
        return model;
    }

    private static ModelCard CardFor(FeatureSpec spec, TrainingOptions options, Trainers.Choice choice, DateTimeOffset createdAt, DataInfo data, ForecastMetrics metrics) => new()
    {
        Version = $"{createdAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{data.Sha256[..8]}",
        CreatedAt = createdAt,
        FeatureSet = spec.FeatureSetName,
        Features = spec.Columns,
        Target = spec.TargetName,
        Horizon = spec.Horizon,
        Step = spec.Step,
        HistoryPoints = spec.HistoryPoints,
        RollingWindow = spec.RollingWindow,
        Trainer = new Model.TrainerInfo(options.Trainer, choice.Settings),
        Data = data,
        Metrics = metrics,
    };
}
