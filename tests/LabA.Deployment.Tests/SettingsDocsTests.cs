using System.Reflection;
using System.Text.RegularExpressions;
using LabA.Deployment.Settings;
using LabA.Domain.Settings;

namespace LabA.Deployment.Tests;

/// <summary>
/// docs/settings.md against the declarations: the Predictor's and the Scaler's tables and the stack keys of their
/// settings, the Trainer's and the Prometheus credentials are generated from the catalogues (<see cref="SettingsTables"/>)
/// and must be what they give; every stack key of the stack's own is a row of the stack's table, and no row names a
/// setting that does not exist.
/// </summary>
public sealed partial class SettingsDocsTests
{
    private const string StackTable = "Pulumi stack keys";

    /// <summary>Set to 1 to rewrite the generated tables of docs/settings.md instead of comparing them.</summary>
    private const string WriteDocs = "LABA_WRITE_DOCS";

    /// <summary>Constants of <see cref="StackKeys"/> that are not keys.</summary>
    private static readonly IReadOnlySet<string> NotStackKeys = new HashSet<string>
    {
        StackKeys.Project, // the Pulumi project name, the prefix of every key
    };

    private static readonly Lazy<string[]> Lines =
        new(() => File.ReadAllLines(SettingsPath));

    public static TheoryData<string> Keys() => new(DeclaredStackKeys().Select(StackKeys.Qualified));

    public static TheoryData<string> GeneratedTables() => new(SettingsTables.All.Keys);

    private static string SettingsPath => Path.Combine(RepositoryRoot.Path, "docs", "settings.md");

    [Theory]
    [MemberData(nameof(GeneratedTables))]
    public void Each_generated_table_is_what_the_declarations_give(string name)
    {
        var text = File.ReadAllText(SettingsPath).ReplaceLineEndings("\n");
        var (begin, end) = (SettingsTables.Begin(name), SettingsTables.End(name));
        var start = text.IndexOf(begin + "\n", StringComparison.Ordinal);
        var stop = text.IndexOf("\n" + end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"docs/settings.md has no generated table '{name}': put the lines '{begin}' and '{end}' where it goes");
        var body = text[(start + begin.Length + 1)..stop];
        var generated = SettingsTables.All[name];
        if (body == generated) return;
        if (Environment.GetEnvironmentVariable(WriteDocs) == "1")
        {
            File.WriteAllText(SettingsPath, text[..(start + begin.Length + 1)] + generated + text[stop..]);
            return;
        }
        Assert.Fail($"docs/settings.md's generated table '{name}' is not what the declarations give; rewrite it with: " +
            $"{WriteDocs}=1 dotnet test tests/LabA.Deployment.Tests --filter FullyQualifiedName~{nameof(SettingsDocsTests)}");
    }

    [Fact]
    public void A_declarations_row_is_its_variable_default_bounds_and_description()
    {
        var warmUp = Setting.Duration("WARM_UP", TimeSpan.FromSeconds(30), "how long a new pod warms up | if at all",
            min: TimeSpan.Zero, max: TimeSpan.FromMinutes(10), stackKey: "warmUp");
        var unset = Setting.OptionalText("WARM_UP_URL", "where it warms up");

        Assert.Equal(
            "| variable | default | meaning |\n| --- | --- | --- |\n"
            + "| `WARM_UP` | `30s` (0s..10m) | how long a new pod warms up \\| if at all |\n"
            + "| `WARM_UP_URL` | unset | where it warms up |",
            SettingsTables.Variables([warmUp, unset]));
    }

    [Fact]
    public void The_generated_tables_row_every_declared_setting_once()
    {
        Assert.Equal(PredictorCatalogue.All.Select(setting => setting.Env), Rows("Predictor"));
        Assert.Equal(ScalerCatalogue.All.Select(setting => setting.Env), Rows("Scaler"));
        Assert.Equal(TrainerCatalogue.All.Select(setting => setting.Env), Rows("Trainer and the retrain job"));
        Assert.Equal(PrometheusCatalogue.All.Select(setting => setting.Env), Rows("Prometheus credentials"));
        var stackRows = Rows(StackTable);
        Assert.All(StackKeys.Declared, setting => Assert.Single(stackRows, StackKeys.Qualified(setting.StackKey!)));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_stack_key_is_a_row_of_the_stack_table(string key) =>
        Assert.Contains(key, Rows(StackTable));

    [Fact]
    public void No_stack_row_names_a_key_that_does_not_exist()
    {
        var keys = DeclaredStackKeys().Select(StackKeys.Qualified).ToHashSet();
        var stale = Rows(StackTable).Where(name => !keys.Contains(name)).ToList();
        Assert.True(stale.Count == 0, $"docs/settings.md's stack table names {string.Join(", ", stale)}, which StackKeys does not declare");
    }

    [Fact]
    public void Each_table_names_each_setting_once()
    {
        foreach (var table in new[] { "Predictor", "Scaler", "Trainer and the retrain job", "Prometheus credentials", StackTable })
        {
            var rows = Rows(table);
            Assert.True(rows.Count > 0, $"docs/settings.md has no rows under '## {table}'");
            Assert.Equal(rows.Distinct().Count(), rows.Count);
        }
    }

    /// <summary>The stack's own keys and those of the apps' settings.</summary>
    private static IEnumerable<string> DeclaredStackKeys() =>
        Constants(typeof(StackKeys)).Where(k => !NotStackKeys.Contains(k)).Concat(StackKeys.Declared.Select(setting => setting.StackKey!));

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true, IsInitOnly: false } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    /// <summary>The names in backticks in the first column of the table under <c>## {heading}</c>.</summary>
    private static IReadOnlyList<string> Rows(string heading)
    {
        var lines = Lines.Value;
        var start = Array.IndexOf(lines, $"## {heading}");
        Assert.True(start >= 0, $"docs/settings.md has no heading '## {heading}'");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => FirstCell().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex(@"^\|\s*`([^`]+)`\s*\|")]
    private static partial Regex FirstCell();
}
