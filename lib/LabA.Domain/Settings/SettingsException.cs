namespace LabA.Domain.Settings;

/// <summary>A setting that is missing, malformed or out of range. <see cref="Key"/> names it as the user wrote it
/// (an environment variable for the apps, a stack config key for the infra program).</summary>
public sealed class SettingsException(string key, string problem) : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;
    public string Problem { get; } = problem;
}
