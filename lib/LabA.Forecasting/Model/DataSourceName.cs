namespace LabA.Forecasting.Model;

/// <summary>
/// How a card names the series it came from: a file by its name alone (with its SHA-256 beside it, the name is enough to
/// find it, and an absolute path tells a reader of /model about the training machine), anything else as given.
/// </summary>
public static class DataSourceName
{
    public static string Of(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && !uri.IsFile ? source : Path.GetFileName(source);
}
