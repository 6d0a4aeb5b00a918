using System.IO.Compression;
using System.Text.Json;

namespace LabA.Forecasting;

/// <summary>
/// model.zip: forecaster.json (<see cref="ForecasterRecipe"/>) and, for each ML.NET pipeline in it, that pipeline as
/// ML.NET writes it. One file, so the card's size, SHA-256 and seal bind whatever kind of forecaster is served.
/// A model.zip without forecaster.json is an ML.NET pipeline written by an earlier version, served as it was.
/// </summary>
internal static class ForecastArchive
{
    public const string RecipeEntry = "forecaster.json";
    // Fixed entry times: the same forecaster always packs to the same bytes.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Pack(IPointForecaster forecaster)
    {
        var pipelines = new List<(string Entry, byte[] Bytes)>();
        var recipe = Describe(forecaster, pipelines);
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, RecipeEntry, JsonSerializer.SerializeToUtf8Bytes(recipe, ForecasterRecipeJson.Default.ForecasterRecipe), CompressionLevel.Optimal);
            // ML.NET's archive is a zip already: stored, not compressed twice.
            foreach (var (entry, bytes) in pipelines) Add(zip, entry, bytes, CompressionLevel.NoCompression);
        }
        return stream.ToArray();
    }

    /// <summary>
    /// The forecaster in <paramref name="archive"/>. Throws <see cref="ForecasterRecipeException"/> when forecaster.json is not one
    /// this version builds, and whatever ML.NET's reader throws for a pipeline that does not load. <paramref name="kind"/>
    /// and <paramref name="trainer"/> are the card's: they say what an archive without forecaster.json must be.
    /// </summary>
    public static IPointForecaster Unpack(byte[] archive, FeatureSpec spec, string kind, string trainer)
    {
        using var zip = TryOpen(archive);
        if (zip?.GetEntry(RecipeEntry) is not { } entry)
            return kind == ForecasterKinds.Ml
                ? MlForecaster.Deserialize(trainer, archive, spec)
                : throw new ForecasterRecipeException($"{(zip is null ? "not a zip archive" : $"no {RecipeEntry} in it")}, which a {kind} model needs");
        ForecasterRecipe recipe;
        try
        {
            using var json = entry.Open();
            recipe = JsonSerializer.Deserialize(json, ForecasterRecipeJson.Default.ForecasterRecipe) ?? throw new ForecasterRecipeException("null");
        }
        catch (JsonException e)
        {
            throw new ForecasterRecipeException($"{RecipeEntry}: {e.Message}");
        }
        return Build(recipe, zip, spec);
    }

    private static ForecasterRecipe Describe(IPointForecaster forecaster, List<(string Entry, byte[] Bytes)> pipelines)
    {
        switch (forecaster)
        {
            case MlForecaster ml:
                var entry = $"pipeline-{pipelines.Count}.zip";
                pipelines.Add((entry, ml.Serialize()));
                return new ForecasterRecipe { Kind = ml.Kind, Trainer = ml.Trainer, Pipeline = entry };
            case IParametricForecaster parametric:
                return new ForecasterRecipe { Kind = parametric.Kind, Parameters = parametric.Parameters };
            case LevelFollowing following:
                return new ForecasterRecipe { Kind = following.Kind, Parameters = following.Parameters, Experts = [Describe(following.Profile, pipelines)] };
            case AdaptiveBlend adaptive:
                return new ForecasterRecipe { Kind = adaptive.Kind, Parameters = adaptive.Parameters, Experts = [.. adaptive.Experts.Select(expert => Describe(expert, pipelines))] };
            case Blend blend:
                return new ForecasterRecipe { Kind = blend.Kind, Parts = [.. blend.Parts.Select(part => new BlendPart(part.Weight, Describe(part.Forecaster, pipelines)))] };
            default:
                throw new ArgumentException($"{forecaster.GetType().Name} cannot be saved", nameof(forecaster));
        }
    }

    private static IPointForecaster Build(ForecasterRecipe recipe, ZipArchive zip, FeatureSpec spec)
    {
        var parameters = recipe.Parameters ?? new Dictionary<string, double>();
        switch (recipe.Kind)
        {
            case ForecasterKinds.Ml:
                if (recipe.Trainer is null || !Trainers.Names.Contains(recipe.Trainer) || recipe.Pipeline is null || zip.GetEntry(recipe.Pipeline) is not { } entry)
                    throw new ForecasterRecipeException($"{RecipeEntry}: an {ForecasterKinds.Ml} forecaster needs a known trainer and the archive entry of its pipeline");
                using (var stream = entry.Open())
                using (var bytes = new MemoryStream())
                {
                    stream.CopyTo(bytes);
                    return MlForecaster.Deserialize(recipe.Trainer, bytes.ToArray(), spec);
                }
            case ForecasterKinds.HoltWinters:
                return HoltWinters.FromParameters(parameters, spec.HorizonSteps);
            case ForecasterKinds.HarmonicRegression:
                return HarmonicRegression.FromParameters(parameters, spec.Horizon);
            case ForecasterKinds.Blend:
                var parts = new List<(double, IPointForecaster)>();
                try
                {
                    foreach (var part in recipe.Parts ?? []) parts.Add((part.Weight, Build(part.Forecaster, zip, spec)));
                    return new Blend(parts);
                }
                catch
                {
                    foreach (var (_, built) in parts) built.Dispose();
                    throw;
                }
            case ForecasterKinds.Adaptive:
                var experts = new List<IPointForecaster>();
                try
                {
                    foreach (var expert in recipe.Experts ?? []) experts.Add(Build(expert, zip, spec));
                    return new AdaptiveBlend(experts, (int)Whole(parameters, AdaptiveBlend.WindowKey), parameters.GetValueOrDefault(AdaptiveBlend.EtaKey, double.NaN),
                        spec.HorizonSteps, ShiftSteps(parameters), parameters.GetValueOrDefault(AdaptiveBlend.ShiftThresholdKey, double.NaN));
                }
                catch
                {
                    foreach (var built in experts) built.Dispose();
                    throw;
                }
            case ForecasterKinds.LevelFollowing:
                if (recipe.Experts is not [var profileRecipe])
                    throw new ForecasterRecipeException($"{RecipeEntry}: a {ForecasterKinds.LevelFollowing} forecaster needs exactly one profile under experts");
                var profile = Build(profileRecipe, zip, spec);
                try
                {
                    return new LevelFollowing(profile, (int)Whole(parameters, LevelFollowing.WindowKey), parameters.GetValueOrDefault(LevelFollowing.WeightKey, double.NaN),
                        spec.HorizonSteps, ShiftSteps(parameters), parameters.GetValueOrDefault(AdaptiveBlend.ShiftThresholdKey, double.NaN));
                }
                catch
                {
                    profile.Dispose();
                    throw;
                }
            default:
                return Baselines.FromParameters(recipe.Kind, parameters, spec);
        }
    }

    /// <summary>
    /// The shift guard's steps: where the horizon is too short for the guard the recipe names none of its parameters (no
    /// guard, 0); one that is not a whole number reads as -1, which the forecaster refuses by name.
    /// </summary>
    private static int ShiftSteps(IReadOnlyDictionary<string, double> parameters) =>
        !parameters.TryGetValue(AdaptiveBlend.ShiftStepsKey, out var steps) ? 0 : steps == Math.Floor(steps) && steps is >= 0 and <= int.MaxValue ? (int)steps : -1;

    /// <summary>A parameter that must be a whole number; anything else reads as 0, which the forecaster's own checks refuse by name.</summary>
    private static double Whole(IReadOnlyDictionary<string, double> parameters, string key) =>
        parameters.TryGetValue(key, out var value) && value == Math.Floor(value) && value is >= 0 and <= int.MaxValue ? value : 0;

    private static ZipArchive? TryOpen(byte[] archive)
    {
        try
        {
            return new ZipArchive(new MemoryStream(archive, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(bytes);
    }
}
