using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LabA.Deployment.Settings;

namespace LabA.Deployment.Tests;

/// <summary>
/// The <c>pulumi config set</c> commands the README, docs/deploy.md and Pulumi.dev.yaml show for a user's own workloads,
/// applied as the Pulumi CLI applies them (<c>--path</c> builds the structured value, a whole number stays a number), bind
/// to the workloads they describe: a newcomer who copies them gets a stack <c>pulumi up</c> accepts.
/// </summary>
public sealed partial class WorkloadsDocsTests
{
    [Fact]
    public void The_readme_deploy_commands_scale_checkout_on_an_existing_cluster()
    {
        var settings = Bind(Commands(Block(File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "README.md")), "## Deploy")));

        var checkout = Assert.Single(settings.Workloads);
        Assert.Equal(("checkout", Domain.Wiring.Defaults.Namespace, (double?)50.0, 10), (checkout.Name, checkout.Namespace, checkout.Mapping.PerReplica, checkout.Mapping.MaxReplicas));
        Assert.Equal(ClusterMode.Existing, settings.Mode);
    }

    [Fact]
    public void The_deploy_guides_commands_list_a_deployment_and_a_floored_statefulset_in_shop()
    {
        var settings = Bind(Commands(Block(File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "docs", "deploy.md")), "## Your own workloads")));

        Assert.Equal(
            [("checkout", "shop", Domain.Workloads.WorkloadKind.Deployment, Domain.Workloads.HpaMode.Leave),
                ("orders", "shop", Domain.Workloads.WorkloadKind.StatefulSet, Domain.Workloads.HpaMode.Floor)],
            settings.Workloads.Select(w => (w.Name, w.Namespace, w.Kind, w.Hpa)));
    }

    [Fact]
    public void The_dev_stack_files_commented_workload_binds_with_the_files_defaults_and_a_prometheus_url()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "Pulumi.dev.yaml"));
        var values = lines.Select(line => Regex.Match(line, @"^\s+lab-a:(?<key>\w+):\s*(?<value>.+?)\s*$")).Where(m => m.Success)
            .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value.Trim('"'));
        var commented = Commands(lines.Where(line => line.TrimStart().StartsWith('#')).Select(line => line.TrimStart('#', ' ')));
        foreach (var (key, value) in commented.Where(entry => entry.Key == StackKeys.Workloads)) values[key] = value;
        values[StackKeys.Prometheus] = "http://prometheus-k8s.monitoring.svc:9090";

        var settings = StackSettings.Bind(values.GetValueOrDefault);

        Assert.Equal("checkout", Assert.Single(settings.Workloads).Name);
    }

    /// <summary>The first code block under <paramref name="heading"/>.</summary>
    private static IEnumerable<string> Block(string[] lines, string heading)
    {
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"no heading '{heading}'");
        return lines.Skip(start).SkipWhile(line => !line.StartsWith("```", StringComparison.Ordinal)).Skip(1).TakeWhile(line => !line.StartsWith("```", StringComparison.Ordinal));
    }

    /// <summary>The stack config the <c>pulumi config set</c> commands among <paramref name="lines"/> leave: short keys, the workloads as their JSON.</summary>
    private static Dictionary<string, string> Commands(IEnumerable<string> lines)
    {
        var config = new Dictionary<string, string>();
        var workloads = new JsonArray();
        foreach (var command in lines.SelectMany(line => line.Split("&&")).Select(command => command.Trim()))
        {
            if (PathSet().Match(command) is { Success: true } path)
            {
                var index = int.Parse(path.Groups["index"].Value, CultureInfo.InvariantCulture);
                while (workloads.Count <= index) workloads.Add(new JsonObject());
                var value = Value(path.Groups["value"].Value);
                // As the CLI stores a --path value: a whole number as a number, anything else as a string.
                workloads[index]![path.Groups["field"].Value] = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                    ? JsonValue.Create(number)
                    : JsonValue.Create(value);
            }
            else if (KeySet().Match(command) is { Success: true } key)
            {
                config[key.Groups["key"].Value] = Value(key.Groups["value"].Value);
            }
        }
        if (workloads.Count > 0) config[StackKeys.Workloads] = workloads.ToJsonString();
        return config;
    }

    private static string Value(string token) => token.StartsWith('\'') ? token[1..^1] : token;

    private static StackSettings Bind(Dictionary<string, string> config) => StackSettingsTests.Bind([.. config.Select(entry => (entry.Key, entry.Value))]);

    [GeneratedRegex(@"^pulumi config set --path 'lab-a:workloads\[(?<index>\d+)\]\.(?<field>\w+)' (?<value>'[^']*'|[^\s#']+)")]
    private static partial Regex PathSet();

    [GeneratedRegex(@"^pulumi config set lab-a:(?<key>\w+) (?<value>'[^']*'|[^\s#']+)")]
    private static partial Regex KeySet();
}
