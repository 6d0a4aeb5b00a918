namespace LabA.Prometheus;

/// <summary>One series a range query returned: its labels and its samples in time order (non-finite values kept as NaN).</summary>
public sealed record QueriedSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(DateTimeOffset Timestamp, double Value)> Samples)
{
    /// <summary>The labels as PromQL writes them, e.g. <c>{instance="a", job="web"}</c>.</summary>
    public string Selector => "{" + string.Join(", ", Labels.OrderBy(label => label.Key, StringComparer.Ordinal).Select(label => $"{label.Key}=\"{label.Value}\"")) + "}";
}
