using System.Globalization;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;
using Microsoft.ML;

namespace LabA.Forecasting;

/// <summary>
/// Trains the forecaster on the first part of a series and scores it, beside the naive baselines, on the held-out end.
/// The forecaster is chosen among the candidates (<see cref="Trainers.AutoCandidates"/>, or the one --trainer names) on
/// a validation slice at the end of the training part (<see cref="CandidateSelection"/>). Every fit reads only targets
/// before the hold-out, so nothing of it leaks into the fit or the choice.
/// </summary>
public static class Training
{
    public const int MinimumTrainingExamples = 50;
    public const int MinimumHoldoutExamples = 10;
    /// <summary>The share of the training part, at its end, on which the forecaster is chosen and its errors estimate the provisioning margin.</summary>
    public const double ValidationFraction = 0.2;
    /// <summary>A mix is served only where it beats the best single candidate on validation by this share: its weights are picked there too.</summary>
    public const double MixGain = 0.005;
    /// <summary>
    /// A forecaster that cannot follow a level shift (a calendar profile, seasonal naive, Holt-Winters' slow level, a fixed
    /// blend of these) is served only where it is at least this share lower on validation than the best one that can. A
    /// validation slice holds no level shift that came after it, so it cannot show what not following the level costs; on
    /// the real traces whose hold-out has one (ec2_cpu_utilization_ac20cd at --holdout 0.3, grok_asg_anomaly at a 1-hour
    /// horizon) that cost was 10 to 20 times the baselines' error, while following the level where it held cost a few percent.
    /// </summary>
    public const double LevelGain = 0.1;

    /// <summary>The horizon when none is given: the default, or the smallest multiple of a longer step (one step of a 30-minute series).</summary>
    public static TimeSpan DefaultHorizon(TimeSpan step) =>
        Defaults.Horizon.Ticks % step.Ticks == 0 ? Defaults.Horizon : step * Math.Ceiling((double)Defaults.Horizon.Ticks / step.Ticks);

    public static ForecastModel Train(LoadSeries series, TrainingOptions options)
    {
        if (options.HoldoutFraction is <= 0 or >= 1)
            throw new SettingsException("--holdout", $"{options.HoldoutFraction} must be between 0 and 1");
        if (!Trainers.Choices.Contains(options.Trainer))
            throw new SettingsException("--trainer", $"'{options.Trainer}' is not a trainer (use {string.Join(", ", Trainers.Choices)})");
        var spec = FeatureSpec.For(options.FeatureSet, series, options.Horizon, options.RollingWindow);

        var holdoutStart = HoldoutStart(series.Count, options.HoldoutFraction);
        // The validation slice is the end of the training part: the choice and the error distribution never see the hold-out.
        var validationStart = HoldoutStart(holdoutStart, ValidationFraction);
        var trainingAnchors = Evaluation.Anchors(spec, series, holdoutStart, Math.Max(spec.HistoryPoints - 1, 0), firstTarget: 0);
        var holdoutAnchors = Evaluation.Anchors(spec, series, series.Count, Evaluation.MinimumAnchor(spec, spec.HistoryPoints), firstTarget: holdoutStart);
        var fitBeforeValidation = trainingAnchors.Count(anchor => anchor + spec.HorizonSteps < validationStart);
        var validationAnchors = trainingAnchors.Skip(fitBeforeValidation).ToArray();
        if (fitBeforeValidation < MinimumTrainingExamples || validationAnchors.Length < MinimumHoldoutExamples || holdoutAnchors.Count < MinimumHoldoutExamples)
            throw new SeriesFormatException(series.Source, null,
                $"too short: {series.Count} points at {Durations.Format(series.Step)} step give {fitBeforeValidation} training, {validationAnchors.Length} validation and " +
                $"{holdoutAnchors.Count} hold-out examples for horizon {Durations.Format(spec.Horizon)} with {spec.FeatureSetName} features " +
                $"(history {spec.HistoryPoints} points); need at least {MinimumTrainingExamples}, {MinimumHoldoutExamples} and {MinimumHoldoutExamples}");

        var names = options.Trainer == Trainers.Auto ? Trainers.AutoCandidates : [options.Trainer];
        var candidates = names.Select(name => CandidateFor(name, series, spec, trainingAnchors)).ToArray();
        var outcome = CandidateSelection.Run(series, spec, candidates, validationStart, holdoutStart, validationAnchors, holdoutAnchors,
            followLevel: options.Trainer == Trainers.Auto);
        // Holt-Winters is a baseline on every card: fitted here when it was not a candidate.
        var holtWinters = outcome.HoltWinters ?? HoltWinters.Fit(series.Observations, spec.Step, spec.HorizonSteps, holdoutStart);

        var residuals = ValidationResiduals(series, spec, outcome, validationAnchors);
        var metrics = Evaluation.Score(series, spec, holdoutAnchors, outcome.HoldoutForecasts, residuals, holtWinters);
        var data = DataFingerprint.Describe(series, trainingAnchors.Count, holdoutAnchors.Count);
        var createdAt = DateTimeOffset.UtcNow;
        var card = new ModelCard
        {
            Version = $"{createdAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{data.Sha256[..8]}",
            CreatedAt = createdAt,
            FeatureSet = spec.FeatureSetName,
            Features = spec.Columns,
            Target = spec.TargetName,
            Horizon = spec.Horizon,
            Step = spec.Step,
            HistoryPoints = outcome.Served.HistoryPoints,
            ObservationsOptional = outcome.Served.ObservationsOptional,
            RollingWindow = spec.RollingWindow,
            Kind = outcome.Served.Kind,
            Trainer = new Model.TrainerInfo(outcome.Name, outcome.Settings),
            Selection = new ForecasterSelection
            {
                Mode = options.Trainer,
                Chosen = outcome.Name,
                Rule = CandidateSelection.Rule,
                ValidationFrom = residuals.From,
                ValidationTo = residuals.To,
                ValidationExamples = validationAnchors.Length,
                Candidates = outcome.Scores,
            },
            Data = data,
            Metrics = metrics,
            Residuals = residuals,
        };
        return ForecastModel.Seal(outcome.Served, spec, card);
    }

    /// <summary>
    /// Actual − forecast on the validation slice, forecast by the chosen forecaster as fitted only on targets before the
    /// slice: an honest sample of the errors the served forecaster makes on data it has not seen.
    /// </summary>
    private static ForecastResiduals ValidationResiduals(LoadSeries series, FeatureSpec spec, CandidateSelection.Outcome outcome, IReadOnlyList<int> validationAnchors)
    {
        var actuals = Evaluation.Actuals(series, spec, validationAnchors);
        var errors = actuals.Select((actual, i) => actual - outcome.ValidationForecasts[i]).ToArray();
        var from = series.Observations[validationAnchors[0] + spec.HorizonSteps].Timestamp;
        var to = series.Observations[validationAnchors[^1] + spec.HorizonSteps].Timestamp;
        return ForecastResiduals.Of(errors,
            $"validation slice {from:yyyy-MM-ddTHH:mm:ssZ}..{to:yyyy-MM-ddTHH:mm:ssZ} (the last {ValidationFraction:0%} of the training part), " +
            $"forecast by the chosen {outcome.Name} fitted only on the training targets before it; the served one is then fitted on the whole training part",
            from, to);
    }

    /// <summary>The candidate <paramref name="name"/> (one of <see cref="Trainers.Choices"/> but auto).</summary>
    private static Candidate CandidateFor(string name, LoadSeries series, FeatureSpec spec, IReadOnlyList<int> trainingAnchors)
    {
        if (Trainers.Names.Contains(name)) return MlCandidate(name, series, spec, trainingAnchors);
        if (name == ForecasterKinds.HoltWinters)
            return new Candidate(name, ForecasterKinds.HoltWinters,
                end => HoltWinters.Fit(series.Observations, spec.Step, spec.HorizonSteps, end),
                forecaster => ((HoltWinters)forecaster).Settings);
        if (name == ForecasterKinds.HarmonicRegression)
            return new Candidate(name, ForecasterKinds.HarmonicRegression,
                end => HarmonicRegression.Fit(series, end, spec.Horizon),
                forecaster => ((HarmonicRegression)forecaster).Settings);
        var baseline = Baselines.All(spec).FirstOrDefault(baseline => baseline.Name == name);
        // A seasonal baseline the step or horizon rules out is listed as not applicable.
        return new Candidate(name, baseline?.Kind ?? ForecasterKinds.SeasonalNaive, _ => baseline,
            forecaster => ((Baseline)forecaster).Parameters.ToDictionary(parameter => parameter.Key, parameter => parameter.Value.ToString(CultureInfo.InvariantCulture)));
    }

    private static Candidate MlCandidate(string name, LoadSeries series, FeatureSpec spec, IReadOnlyList<int> trainingAnchors)
    {
        var rows = trainingAnchors.Select(anchor =>
        {
            var row = new ForecastRow();
            spec.Fill(series, anchor, row);
            var actual = series.Observations[anchor + spec.HorizonSteps].Value;
            row.Label = (float)(spec.PredictsChange ? actual - series.KnownAt(anchor)[anchor].Value : actual);
            return row;
        }).ToArray();
        return new Candidate(name, ForecasterKinds.Ml, end =>
        {
            // The candidates are fitted side by side, and an MLContext is not safe to share between threads: each fit has its
            // own, seeded alike, so a fit is the same whichever runs first.
            var ml = Ml.Seeded();
            var choice = Trainers.Create(name, ml);
            IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate("Features", [.. spec.Columns]);
            if (choice.NeedsNormalizedFeatures) pipeline = pipeline.Append(ml.Transforms.NormalizeMeanVariance("Features"));
            pipeline = pipeline.Append(choice.Estimator);
            var before = trainingAnchors.Count(anchor => anchor + spec.HorizonSteps < end);
            var data = ml.Data.LoadFromEnumerable(rows[..before]);
            return new MlForecaster(name, pipeline.Fit(data), data.Schema, spec);
        }, _ => Trainers.Create(name, Ml.Context).Settings);
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
}
