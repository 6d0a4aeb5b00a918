using LabA.Domain.Settings;

namespace LabA.Deployment.Settings;

/// <summary>
/// docs/settings.md's generated tables, from the declarations: each deployable's variables, and the stack keys that set
/// them. A test compares the file with these and rewrites it on request, so a declaration's row cannot go stale.
/// </summary>
public static class SettingsTables
{
    /// <summary>The generated tables by name, as the markers in docs/settings.md name them.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["Predictor"] = Variables(PredictorCatalogue.All),
        ["Scaler"] = Variables(ScalerCatalogue.All),
        ["Trainer and the retrain job"] = Variables(TrainerCatalogue.All),
        ["Prometheus credentials"] = Variables(PrometheusCatalogue.All),
        ["stack keys of the apps' settings"] = DeclaredStackKeys(),
    };

    /// <summary>The line before a generated table.</summary>
    public static string Begin(string name) => $"<!-- generated: {name} (from the declarations; do not edit, see {nameof(SettingsTables)}) -->";

    /// <summary>The line after a generated table.</summary>
    public static string End(string name) => $"<!-- end generated: {name} -->";

    /// <summary>One row a variable, in the deployable's order.</summary>
    public static string Variables(IEnumerable<Setting> settings) => Table(
        "| variable | default | meaning |",
        settings.Select(setting => $"| `{setting.Env}` | {DefaultCell(setting)} | {Escape(setting.Description)} |"));

    /// <summary>One row a key of <see cref="StackKeys.Declared"/>, naming the variable (and the deployables) it sets.</summary>
    public static string DeclaredStackKeys() => Table(
        "| key | default | sets |",
        StackKeys.Declared.Select(setting =>
            $"| `{StackKeys.Qualified(setting.StackKey!)}` | {DefaultCell(setting)} | `{setting.Env}` ({Owners(setting)}): {Escape(setting.Description)} |"));

    private static string Owners(Setting setting) =>
        (PredictorCatalogue.All.Contains(setting), ScalerCatalogue.All.Contains(setting)) switch
        {
            (true, true) => "Predictor and Scaler",
            (true, false) => "Predictor",
            _ => "Scaler",
        };

    private static string DefaultCell(Setting setting) =>
        (setting.DefaultText is { Length: > 0 } text ? $"`{text}`" : "unset") + (setting.Bounds is { } bounds ? $" ({Escape(bounds)})" : "");

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Table(string header, IEnumerable<string> rows) =>
        string.Join('\n', [header, "| --- | --- | --- |", .. rows]);
}
