using LabA.Deployment.Images;

namespace LabA.Deployment.Tests;

public class DockerIgnoreTests
{
    private static DockerIgnore Ignore(params string[] lines) => DockerIgnore.Parse(lines);

    [Theory]
    [InlineData("bin", "bin/app.dll", true)]
    [InlineData("bin", "app/bin/app.dll", false)] // anchored at the root, unlike .gitignore
    [InlineData("**/bin", "app/Predictor/bin/app.dll", true)]
    [InlineData("**/bin", "bin/app.dll", true)]
    [InlineData("**/bin", "binary/app.dll", false)]
    [InlineData("/out", "out/x", true)]
    [InlineData("./out/", "out/x", true)]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)] // '*' never crosses '/'
    [InlineData("**/*.md", "docs/README.md", true)]
    [InlineData("app/*/obj", "app/Scaler/obj/x.cs", true)]
    [InlineData("app/*/obj", "app/Scaler/src/obj/x.cs", false)]
    [InlineData("file?.txt", "file1.txt", true)]
    [InlineData("file?.txt", "file10.txt", false)]
    [InlineData("file[0-9].txt", "file7.txt", true)]
    [InlineData("file[!0-9].txt", "file7.txt", false)]
    [InlineData("data", "database/x", false)]
    [InlineData("# a comment", "# a comment", false)]
    public void Patterns_match_as_docker_matches_them(string pattern, string path, bool ignored) =>
        Assert.Equal(ignored, Ignore(pattern).IsIgnored(path));

    [Fact]
    public void An_exclamation_mark_re_includes_and_the_last_matching_line_wins()
    {
        var ignore = Ignore("*", "!app/Scaler", "app/Scaler/secret.txt", "!app/Scaler/secret.txt.keep");

        Assert.True(ignore.IsIgnored("model/model.zip"));
        Assert.False(ignore.IsIgnored("app/Scaler/Program.cs"));
        Assert.True(ignore.IsIgnored("app/Scaler/secret.txt"));
        Assert.False(ignore.IsIgnored("app/Scaler/secret.txt.keep"));
        Assert.True(ignore.IsIgnored("app/Predictor/Program.cs"));
    }

    [Fact]
    public void Only_exclusions_under_an_ignored_directory_make_it_worth_entering()
    {
        var ignore = Ignore("*", "!lib/LabA.Domain");

        Assert.True(ignore.MayReinclude("lib"));
        Assert.True(ignore.MayReinclude("lib/LabA.Domain"));
        Assert.False(ignore.MayReinclude("lib/LabA.Forecasting"));
        Assert.False(ignore.MayReinclude(".git"));
    }
}
