using System.Text.Json;
using System.Text.RegularExpressions;

namespace LabA.Deployment.Tests;

/// <summary>
/// LabA.NoPulumi.slnf is what test.sh builds where the Pulumi packages do not restore. A project added to LabA.sln
/// but not to the filter would silently go unbuilt and untested there, so the two are checked against each other.
/// </summary>
public class SolutionFilterTests
{
    private static IReadOnlyList<string> SolutionProjects() =>
        Regex.Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "LabA.sln")), "\"([^\"]+\\.csproj)\"")
            .Select(m => m.Groups[1].Value.Replace('\\', '/')).ToList();

    private static bool ReferencesPulumi(string project) =>
        Regex.IsMatch(File.ReadAllText(Path.Combine(RepositoryRoot.Path, project)), "<PackageReference Include=\"Pulumi[\".]") ||
        Regex.Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Path, project)), "<ProjectReference Include=\"([^\"]+)\"")
            .Any(m => ReferencesPulumi(Path.GetRelativePath(RepositoryRoot.Path, Path.Combine(RepositoryRoot.Path, Path.GetDirectoryName(project)!, m.Groups[1].Value))));

    [Fact]
    public void The_filter_holds_every_project_of_the_solution_except_those_needing_pulumi()
    {
        using var filter = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "LabA.NoPulumi.slnf")));
        var solution = filter.RootElement.GetProperty("solution");
        Assert.Equal("LabA.sln", solution.GetProperty("path").GetString());
        var filtered = solution.GetProperty("projects").EnumerateArray().Select(p => p.GetString()!.Replace('\\', '/')).ToList();

        var projects = SolutionProjects();
        var needingPulumi = projects.Where(ReferencesPulumi).ToList();

        Assert.Equal(["infra/LabA.Infra.csproj", "tests/LabA.Infra.Tests/LabA.Infra.Tests.csproj"], needingPulumi.Order());
        Assert.Equal(projects.Except(needingPulumi).Order(), filtered.Order());
    }
}
