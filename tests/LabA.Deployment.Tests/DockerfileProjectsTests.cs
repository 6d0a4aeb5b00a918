using System.Xml.Linq;
using LabA.Deployment.Images;

namespace LabA.Deployment.Tests;

/// <summary>
/// The images' default multi-stage path builds from sources inside the SDK image, which this machine cannot pull, so the
/// image tests run the prebuilt target. These checks keep the default path whole statically: every project an app
/// references, directly or through another project, is sent in the build context and copied in the build stage.
/// </summary>
public class DockerfileProjectsTests
{
    public static TheoryData<string> Apps() => ["app/Predictor", "app/Scaler", "app/Trainer"];

    [Theory]
    [MemberData(nameof(Apps))]
    public void The_build_context_sends_every_source_file_of_every_referenced_project(string app)
    {
        var context = BuildContext.Scan(RepositoryRoot.Path, $"{app}/Dockerfile");
        var sent = context.Files.ToHashSet(StringComparer.Ordinal);

        var missing = ProjectClosure(app)
            .SelectMany(SourceFiles)
            .Where(file => !sent.Contains(file))
            .ToList();

        Assert.True(missing.Count == 0, $"{app}/Dockerfile's context leaves out: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void The_build_stage_copies_every_referenced_project(string app)
    {
        var sources = BuildStageCopySources(File.ReadAllLines(Path.Combine(RepositoryRoot.Path, app, "Dockerfile")));

        var uncopied = ProjectClosure(app)
            .Where(project => !sources.Any(source => (project + "/").StartsWith(source, StringComparison.Ordinal)))
            .ToList();

        Assert.True(uncopied.Count == 0, $"{app}/Dockerfile's build stage copies no {string.Join(", ", uncopied)}");
    }

    [Fact]
    public void A_build_stage_that_copies_one_library_only_is_caught()
    {
        string[] dockerfile =
        [
            "FROM base AS prebuilt",
            "COPY ${PUBLISH_DIR}/ ./",
            "FROM ${SDK_IMAGE} AS build",
            "COPY lib/LabA.Domain/ lib/LabA.Domain/",
            "COPY --chown=1654 app/Scaler/ app/Scaler/",
            "FROM base AS final",
            "COPY --from=build /out/labA-scaler ./",
        ];

        Assert.Equal(["lib/LabA.Domain/", "app/Scaler/"], BuildStageCopySources(dockerfile));
        Assert.Contains("lib/LabA.Prometheus", ProjectClosure("app/Scaler"));
    }

    /// <summary>The app's directory and every project directory it references transitively, repository-relative.</summary>
    private static List<string> ProjectClosure(string app)
    {
        var found = new List<string>();
        var pending = new Queue<string>([app]);
        while (pending.TryDequeue(out var project))
        {
            if (found.Contains(project)) continue;
            found.Add(project);
            var csproj = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, project), "*.csproj").Single();
            foreach (var reference in XDocument.Load(csproj).Descendants("ProjectReference"))
            {
                var referenced = Path.GetDirectoryName(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csproj)!, reference.Attribute("Include")!.Value)))!;
                pending.Enqueue(Path.GetRelativePath(RepositoryRoot.Path, referenced).Replace('\\', '/'));
            }
        }
        return found;
    }

    private static IEnumerable<string> SourceFiles(string project) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, project), "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/'))
            .Where(file => !file.Contains("/bin/") && !file.Contains("/obj/"))
            .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".csproj", StringComparison.Ordinal));

    /// <summary>The context paths the stage named "build" copies (flags and the destination left out).</summary>
    private static List<string> BuildStageCopySources(IEnumerable<string> dockerfile)
    {
        var sources = new List<string>();
        var inBuild = false;
        foreach (var line in dockerfile.Select(line => line.Trim()))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            if (words[0].Equals("FROM", StringComparison.OrdinalIgnoreCase))
                inBuild = words.Length >= 4 && words[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) && words[^1] == "build";
            else if (inBuild && words[0].Equals("COPY", StringComparison.OrdinalIgnoreCase))
                sources.AddRange(words.Skip(1).Where(word => !word.StartsWith("--", StringComparison.Ordinal)).SkipLast(1));
        }
        return sources;
    }
}
