using System.Text;
using System.Text.RegularExpressions;

namespace LabA.Deployment.Images;

/// <summary>
/// A .dockerignore with Docker's own semantics (moby/patternmatcher), which differ from .gitignore: patterns are
/// anchored at the context root (<c>bin</c> is only the top-level bin; <c>**/bin</c> is every bin), a pattern that
/// matches a directory excludes everything in it, <c>!</c> re-includes, and the last matching pattern wins.
/// </summary>
public sealed class DockerIgnore
{
    private readonly IReadOnlyList<IgnorePattern> _patterns;

    private DockerIgnore(IReadOnlyList<IgnorePattern> patterns) => _patterns = patterns;

    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>
    /// Whether a '!' pattern might re-include something inside an ignored directory, so that the walk has to enter
    /// it. As Docker decides it: only an exclusion whose text starts with the directory's path.
    /// </summary>
    public bool MayReinclude(string relativeDirectory)
    {
        var prefix = relativeDirectory.Replace('\\', '/').Trim('/') + "/";
        return _patterns.Any(p => p.Exclusion && (p.Text + "/").StartsWith(prefix, StringComparison.Ordinal));
    }

    public static DockerIgnore Parse(IEnumerable<string> lines)
    {
        var patterns = new List<IgnorePattern>();
        foreach (var rawLine in lines)
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var exclusion = line.StartsWith('!');
            if (exclusion) line = line[1..].Trim();
            var pattern = Clean(line);
            if (pattern.Length == 0) continue;
            patterns.Add(new IgnorePattern(pattern, exclusion, Compile(pattern)));
        }
        return new DockerIgnore(patterns);
    }

    public static DockerIgnore Load(string path) => File.Exists(path) ? Parse(File.ReadAllLines(path)) : Empty;

    /// <summary>Whether a path (relative to the context root, '/'-separated) is left out of the context.</summary>
    public bool IsIgnored(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').Trim('/');
        var parents = path.Split('/')[..^1];
        var ignored = false;
        foreach (var pattern in _patterns)
        {
            // An inclusion cannot change an already ignored path, nor an exclusion a path not ignored.
            if (pattern.Exclusion != ignored) continue;
            var matches = pattern.Regex.IsMatch(path);
            for (var depth = 1; !matches && depth <= parents.Length; depth++)
                matches = pattern.Regex.IsMatch(string.Join('/', parents[..depth]));
            if (matches) ignored = !pattern.Exclusion;
        }
        return ignored;
    }

    // As Go's filepath.Clean plus Docker's removal of a leading '/': "./a//b/" is "a/b".
    private static string Clean(string pattern)
    {
        var parts = new List<string>();
        foreach (var part in pattern.Replace('\\', '/').Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static Regex Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    while (i + 1 < pattern.Length && pattern[i + 1] == '*') i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        // "**/" is any number of leading directories, none included.
                        i++;
                        regex.Append("(?:.*/)?");
                    }
                    else
                    {
                        regex.Append(".*");
                    }
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }
                    var set = pattern[(i + 1)..close];
                    if (set.StartsWith('^') || set.StartsWith('!')) set = "^" + set[1..];
                    regex.Append('[').Append(set.Replace(@"\", @"\\")).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < pattern.Length:
                    i++;
                    regex.Append(Regex.Escape(pattern[i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        regex.Append('$');
        return new Regex(regex.ToString(), RegexOptions.CultureInvariant);
    }

    private sealed record IgnorePattern(string Text, bool Exclusion, Regex Regex);
}
