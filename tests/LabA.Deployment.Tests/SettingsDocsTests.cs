using System.Reflection;
using System.Text.RegularExpressions;
using LabA.Deployment.Settings;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Tests;

/// <summary>
/// docs/settings.md against the declarations: every environment variable in <see cref="EnvVars"/> a user sets is a
/// row of its deployable's table, every stack key in <see cref="StackKeys"/> a row of the stack's table, and no row
/// names a setting that does not exist. Which table a variable belongs in is read from the code: the variables the
/// Predictor's and the Scaler's settings types write.
/// </summary>
public sealed partial class SettingsDocsTests
{
    private const string PredictorTable = "Predictor";
    private const string ScalerTable = "Scaler";
    private const string StackTable = "Pulumi stack keys";

    /// <summary>Variables in <see cref="EnvVars"/> that are not Predictor or Scaler settings, each with where it is documented instead.</summary>
    private static readonly IReadOnlyDictionary<string, string> NotInSettingsTables = new Dictionary<string, string>
    {
        // Set by Kubernetes in every pod, never by a user; the Scaler only reads it to choose in-cluster config.
        [EnvVars.KubernetesServiceHost] = "",
        // The synthetic generator's knobs: Trainer options (generate, load-source), documented beside them.
        [EnvVars.BaseLow] = "docs/trainer.md",
        [EnvVars.BaseHigh] = "docs/trainer.md",
        [EnvVars.NoiseStd] = "docs/trainer.md",
        [EnvVars.SpikeProbability] = "docs/trainer.md",
        // Prometheus credentials as files: the stack sets them from lab-a:prometheusAuth (its row names them), and the
        // Trainer reads them too when it reads Prometheus, documented there.
        [EnvVars.PrometheusUsername] = "docs/trainer.md",
        [EnvVars.PrometheusPasswordFile] = "docs/trainer.md",
        [EnvVars.PrometheusBearerTokenFile] = "docs/trainer.md",
    };

    /// <summary>Constants of <see cref="StackKeys"/> that are not keys.</summary>
    private static readonly IReadOnlySet<string> NotStackKeys = new HashSet<string>
    {
        StackKeys.Project, // the Pulumi project name, the prefix of every key
    };

    private static readonly Lazy<string[]> Lines =
        new(() => File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "docs", "settings.md")));

    public static TheoryData<string> PredictorVariables() => new(PredictorWrites());

    public static TheoryData<string> ScalerVariables() => new(ScalerWrites());

    public static TheoryData<string> Keys() => new(DeclaredStackKeys().Select(StackKeys.Qualified));

    [Theory]
    [MemberData(nameof(PredictorVariables))]
    public void Every_variable_the_Predictor_reads_is_a_row_of_its_table(string variable) =>
        Assert.Contains(variable, Rows(PredictorTable));

    [Theory]
    [MemberData(nameof(ScalerVariables))]
    public void Every_variable_the_Scaler_reads_is_a_row_of_its_table(string variable) =>
        Assert.Contains(variable, Rows(ScalerTable));

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_stack_key_is_a_row_of_the_stack_table(string key) =>
        Assert.Contains(key, Rows(StackTable));

    [Fact]
    public void Every_declared_variable_is_in_a_settings_table_or_excluded_with_a_reason()
    {
        var documented = PredictorWrites().Concat(ScalerWrites()).ToHashSet();
        var missing = DeclaredVariables().Where(v => !documented.Contains(v) && !NotInSettingsTables.ContainsKey(v)).ToList();
        Assert.True(missing.Count == 0,
            $"EnvVars declares {string.Join(", ", missing)}, which neither the Predictor's nor the Scaler's settings write: "
            + "add it to ToEnvironment and docs/settings.md, or to NotInSettingsTables with the reason");
    }

    [Fact]
    public void The_excluded_variables_exist_and_are_documented_where_the_exclusion_says()
    {
        var declared = DeclaredVariables().ToHashSet();
        foreach (var (variable, page) in NotInSettingsTables)
        {
            Assert.Contains(variable, declared);
            if (page.Length > 0)
                Assert.Contains($"`{variable}`", File.ReadAllText(Path.Combine(RepositoryRoot.Path, page)));
        }
    }

    [Theory]
    [InlineData(PredictorTable)]
    [InlineData(ScalerTable)]
    public void No_variable_row_names_a_variable_the_deployable_does_not_read(string table)
    {
        var reads = (table == PredictorTable ? PredictorWrites() : ScalerWrites()).ToHashSet();
        var stale = Rows(table).Where(name => !reads.Contains(name)).ToList();
        Assert.True(stale.Count == 0, $"docs/settings.md's {table} table names {string.Join(", ", stale)}, which it does not read");
    }

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
        foreach (var table in new[] { PredictorTable, ScalerTable, StackTable })
        {
            var rows = Rows(table);
            Assert.True(rows.Count > 0, $"docs/settings.md has no rows under '## {table}'");
            Assert.Equal(rows.Distinct().Count(), rows.Count);
        }
    }

    /// <summary>
    /// What the Predictor's settings write with every optional setting given, so every variable it reads is named.
    /// </summary>
    private static IEnumerable<string> PredictorWrites()
    {
        var env = new Dictionary<string, string> { [EnvVars.BootstrapModelDir] = "/boot", [EnvVars.ModelVersion] = "v1", [EnvVars.ModelsDir] = "/models" };
        return PredictorSettings.FromEnvironment(EnvReader.From(env), "/").ToEnvironment().Select(p => p.Key);
    }

    private static IEnumerable<string> ScalerWrites() => ScalerSettings.Default.ToEnvironment().Select(p => p.Key);

    private static IEnumerable<string> DeclaredVariables() => Constants(typeof(EnvVars));

    private static IEnumerable<string> DeclaredStackKeys() => Constants(typeof(StackKeys)).Where(k => !NotStackKeys.Contains(k));

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
