namespace LabA.Domain.Settings;

/// <summary>
/// Reads declared settings under the names a source gives them: the environment variables for an app, the stack keys
/// for the stack, so both go through each setting's own parser and bounds and errors name the key as the user wrote it.
/// </summary>
/// <param name="keyOf">The name a setting goes by in <paramref name="reader"/>; null: the source does not set it (its default).</param>
public sealed class SettingReader(EnvReader reader, Func<Setting, string?> keyOf)
{
    /// <summary>The environment variables, each setting under its <see cref="Setting.Env"/>.</summary>
    public static SettingReader Environment(EnvReader env) => new(env, setting => setting.Env);

    public T Read<T>(Setting<T> setting) => keyOf(setting) is { } key ? setting.Read(reader, key) : setting.Default;

    /// <summary>How errors about <paramref name="setting"/> name it: its key here, else its variable.</summary>
    public string KeyOf(Setting setting) => keyOf(setting) ?? setting.Env;
}
