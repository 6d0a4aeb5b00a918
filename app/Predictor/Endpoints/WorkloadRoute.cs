using LabA.Domain.Predict;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;
using LabA.Predictor.Models;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Endpoints;

/// <summary>The <c>{model}</c> of a <c>/workloads/{model}/</c> route: the model it names, or the problem to answer with.</summary>
internal static class WorkloadRoute
{
    /// <summary>How many names a 404 lists: enough to spot a typo, never the whole of a large MODELS_DIR.</summary>
    public const int NamesListed = 20;

    /// <summary>
    /// Where <paramref name="model"/> is served; else null and a problem naming the parameter: 400 for what cannot be a
    /// model name, 404 for a name MODELS_DIR does not hold (listing the ones it does).
    /// </summary>
    public static ModelHost? Resolve(this WorkloadModels workloads, string model, out IResult? problem)
    {
        problem = null;
        if (!WorkloadModels.IsModelName(model))
        {
            problem = new ParameterProblem(PredictRoutes.ModelParameter,
                $"'{PredictQuery.Shorten(model)}' is not a model name (lower-case letters, digits and '-', at most {WorkloadList.MaxModelNameLength} characters)").ToResult();
            return null;
        }
        if (workloads.Root is not { } root)
        {
            problem = new ParameterProblem(PredictRoutes.ModelParameter,
                $"no model '{model}': {PredictorCatalogue.ModelsDir.Env} is not set, so this Predictor serves one model, at {PredictRoutes.Predict}",
                StatusCodes.Status404NotFound).ToResult();
            return null;
        }
        if (workloads.Find(model) is { } host) return host;
        var names = workloads.Names;
        var served = names.Count == 0 ? "none"
            : string.Join(", ", names.Take(NamesListed)) + (names.Count > NamesListed ? $" and {names.Count - NamesListed} more" : "");
        var unreadable = workloads.Unreadable is { } reason ? $" ({reason})" : "";
        problem = new ParameterProblem(PredictRoutes.ModelParameter,
            $"no model '{model}' in {PredictorCatalogue.ModelsDir.Env} {root}{unreadable}; the models served: {served}", StatusCodes.Status404NotFound).ToResult();
        return null;
    }
}
