using System.Text;
using System.Text.RegularExpressions;

namespace LabA.Deployment.Tests;

/// <summary>
/// Every relative link in README.md and docs/*.md points at a file of the repository and, with a #fragment into a
/// markdown file, at one of its headings, as GitHub makes the anchors.
/// </summary>
public sealed partial class DocsLinksTests
{
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "README.md" };
        foreach (var page in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md").Order(StringComparer.Ordinal))
            pages.Add(Path.GetRelativePath(RepositoryRoot.Path, page).Replace('\\', '/'));
        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_points_at_a_file_and_heading_that_exist(string page)
    {
        var full = Path.Combine(RepositoryRoot.Path, page);
        var broken = new List<string>();
        foreach (var (target, line) in Links(File.ReadAllLines(full)))
        {
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var path = file.Length == 0 ? full : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, file));
            if (!File.Exists(path) && !Directory.Exists(path))
                broken.Add($"{page}:{line}: {target}: no {file}");
            else if (anchor is not null && path.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllLines(path)).Contains(anchor))
                broken.Add($"{page}:{line}: {target}: no heading with the anchor #{anchor} in {Path.GetFileName(path)}");
        }
        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Theory]
    [InlineData("Forecast against actual: a live accuracy panel", "forecast-against-actual-a-live-accuracy-panel")]
    [InlineData("POST /predict: the same question as GET, from observations", "post-predict-the-same-question-as-get-from-observations")]
    [InlineData("Choosing the forecaster: `--trainer auto` (the default)", "choosing-the-forecaster---trainer-auto-the-default")]
    [InlineData("`trainer retrain`", "trainer-retrain")]
    public void Anchors_are_made_as_GitHub_makes_them(string heading, string anchor) =>
        Assert.Equal(anchor, Anchor(heading));

    /// <summary>The [text](target) links outside code blocks and code spans, with their line numbers.</summary>
    private static IEnumerable<(string Target, int Line)> Links(string[] lines)
    {
        var inBlock = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal)) { inBlock = !inBlock; continue; }
            if (inBlock) continue;
            var text = CodeSpan().Replace(lines[i], "");
            foreach (Match link in Link().Matches(text))
                yield return (link.Groups[1].Value, i + 1);
        }
    }

    /// <summary>The anchors of a page's headings; a repeated heading gets -1, -2, ... as on GitHub.</summary>
    private static HashSet<string> Anchors(string[] lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inBlock = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inBlock = !inBlock; continue; }
            if (inBlock || Heading().Match(line) is not { Success: true } heading) continue;
            var anchor = Anchor(heading.Groups[1].Value);
            var unique = anchor;
            for (var n = 1; !anchors.Add(unique); n++) unique = $"{anchor}-{n}";
        }
        return anchors;
    }

    /// <summary>GitHub's anchor: lower case, letters, digits, '-' and '_' kept, spaces to '-', everything else dropped.</summary>
    private static string Anchor(string heading)
    {
        var anchor = new StringBuilder();
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_') anchor.Append(c);
            else if (c == ' ') anchor.Append('-');
        }
        return anchor.ToString();
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6} (.+?)\s*#*$")]
    private static partial Regex Heading();
}
