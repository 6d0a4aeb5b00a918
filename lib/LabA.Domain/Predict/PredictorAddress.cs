using System.Globalization;
using System.Net;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Domain.Predict;

/// <summary>Where the Predictor's /predict is, and the URLs of its questions: built here only, so no caller spells a key.</summary>
public static class PredictorAddress
{
    /// <summary>The predictor Service's /predict in <paramref name="namespace"/>, as the cluster's DNS names it.</summary>
    public static Uri InCluster(string @namespace) =>
        new($"http://{Names.Predictor}.{@namespace}.svc.cluster.local{PredictRoutes.Predict}");

    /// <summary>A predictor started on this machine (dotnet run, the demo).</summary>
    /// <param name="port">Its PORT; null: the Predictor's default.</param>
    public static Uri Local(int? port = null) => new($"http://localhost:{port ?? PredictorCatalogue.Port.Default}{PredictRoutes.Predict}");

    /// <summary>The card of the model served behind <paramref name="predict"/>: the same server's /model.</summary>
    public static Uri ModelCard(Uri predict) => new UriBuilder(predict) { Path = Root(predict) + PredictRoutes.Model, Query = "" }.Uri;

    /// <summary>
    /// Workloads mode: the /predict of one model of the same server's MODELS_DIR (<c>/workloads/&lt;model&gt;/predict</c>),
    /// whose card <see cref="ModelCard"/> then finds beside it.
    /// </summary>
    public static Uri ForModel(Uri predict, string model) =>
        new UriBuilder(predict) { Path = Root(predict).TrimEnd('/') + PredictRoutes.WorkloadBase(model) + PredictRoutes.Predict.TrimStart('/'), Query = "" }.Uri;

    /// <summary>The path the routes of the server behind <paramref name="predict"/> hang from.</summary>
    private static string Root(Uri predict)
    {
        var path = predict.AbsolutePath;
        return path.EndsWith(PredictRoutes.Predict, StringComparison.Ordinal) ? path[..^PredictRoutes.Predict.Length] : path.TrimEnd('/');
    }

    /// <summary>The question for <paramref name="at"/>, covering <paramref name="window"/> after it (rounded up to whole minutes).</summary>
    public static Uri ForWindow(Uri predict, DateTimeOffset at, TimeSpan window) => WithQuery(predict,
    [
        new(PredictQueryKeys.At, PredictTimestamp.Write(at)),
        new(PredictQueryKeys.Window, ((int)Math.Ceiling(window.TotalMinutes)).ToString(CultureInfo.InvariantCulture)),
    ]);

    /// <summary>The time-of-day question: the forecast for a time of day (UTC).</summary>
    public static Uri ForTimeOfDay(Uri predict, int hour, int minute) => WithQuery(predict,
    [
        new(PredictQueryKeys.Hour, hour.ToString(CultureInfo.InvariantCulture)),
        new(PredictQueryKeys.Minute, minute.ToString(CultureInfo.InvariantCulture)),
    ]);

    private static Uri WithQuery(Uri endpoint, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var extra = string.Join('&', query.Select(p => $"{WebUtility.UrlEncode(p.Key)}={WebUtility.UrlEncode(p.Value)}"));
        var existing = endpoint.Query.TrimStart('?');
        return new UriBuilder(endpoint) { Query = existing.Length == 0 ? extra : existing + "&" + extra }.Uri;
    }
}
