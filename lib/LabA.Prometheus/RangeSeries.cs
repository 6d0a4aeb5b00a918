using System.Text.Json;

namespace LabA.Prometheus;

/// <summary>One series of a matrix: its labels, and its samples as [unix seconds, "value"] pairs.</summary>
internal sealed record RangeSeries(IReadOnlyDictionary<string, string> Metric, IReadOnlyList<JsonElement[]> Values);
