using LabA.Deployment.Images;

namespace LabA.Deployment.Tests;

public class BuildContextTests
{
    private static TestDirectory SampleContext()
    {
        var context = new TestDirectory();
        context.Write("app/Dockerfile", "FROM scratch\nCOPY src/ /src/\n");
        context.Write("src/Program.cs", "class Program {}");
        context.Write("src/bin/Program.dll", "binary");
        context.Write("notes.md", "notes");
        context.Write(".dockerignore", "**/bin\n*.md\n");
        return context;
    }

    [Fact]
    public void The_context_holds_what_the_ignore_file_keeps_plus_the_dockerfile_and_ignore_file()
    {
        using var context = SampleContext();

        var scanned = BuildContext.Scan(context.Path, "app/Dockerfile");

        Assert.Equal([".dockerignore", "app/Dockerfile", "src/Program.cs"], scanned.Files);
    }

    [Fact]
    public void The_hash_changes_when_a_kept_file_changes_and_not_when_an_ignored_one_does()
    {
        using var context = SampleContext();
        string Hash() => BuildContext.Scan(context.Path, "app/Dockerfile").ContentHash();
        var original = Hash();

        context.Write("src/bin/Program.dll", "rebuilt binary");
        context.Write("notes.md", "more notes");
        context.Write("src/bin/extra.dll", "new ignored file");
        Assert.Equal(original, Hash());

        context.Write("src/Program.cs", "class Program { static void Main() {} }");
        var changed = Hash();
        Assert.NotEqual(original, changed);

        context.Write("src/Added.cs", "class Added {}");
        Assert.NotEqual(changed, Hash());
    }

    [Fact]
    public void The_hash_ignores_file_times_but_not_modes_build_arguments_or_target()
    {
        using var context = SampleContext();
        var scanned = BuildContext.Scan(context.Path, "app/Dockerfile");
        var original = scanned.ContentHash();

        File.SetLastWriteTimeUtc(Path.Combine(context.Path, "src/Program.cs"), DateTime.UtcNow.AddDays(-3));
        Assert.Equal(original, BuildContext.Scan(context.Path, "app/Dockerfile").ContentHash());

        Assert.NotEqual(original, scanned.ContentHash(new Dictionary<string, string> { ["RUNTIME_IMAGE"] = "local" }));
        Assert.NotEqual(original, scanned.ContentHash(target: "prebuilt"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(context.Path, "src/Program.cs"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Assert.NotEqual(original, BuildContext.Scan(context.Path, "app/Dockerfile").ContentHash());
        }
    }

    [Fact]
    public void A_dockerfile_specific_ignore_file_replaces_the_root_one_and_the_dockerfile_is_always_sent()
    {
        using var context = SampleContext();
        context.Write("app/Dockerfile.dockerignore", "*\n!src/Program.cs\n");

        var scanned = BuildContext.Scan(context.Path, "app/Dockerfile");

        Assert.Equal(["app/Dockerfile", "app/Dockerfile.dockerignore", "src/Program.cs"], scanned.Files);
    }

    [Fact]
    public async Task The_tar_holds_every_context_file_with_its_content()
    {
        using var context = SampleContext();
        var scanned = BuildContext.Scan(context.Path, "app/Dockerfile");
        using var tar = new MemoryStream();

        await scanned.WriteTarAsync(tar, CancellationToken.None);

        tar.Position = 0;
        var entries = new Dictionary<string, string>();
        using var reader = new System.Formats.Tar.TarReader(tar);
        while (reader.GetNextEntry() is { } entry)
            entries[entry.Name] = new StreamReader(entry.DataStream!).ReadToEnd();
        Assert.Equal(scanned.Files, entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("class Program {}", entries["src/Program.cs"]);
    }

    [Fact]
    public void The_repositorys_contexts_keep_the_model_for_the_predictor_only_and_no_build_output()
    {
        var predictor = LabImages.Predictor(RepositoryRoot.Path).ScanContext();
        var scaler = LabImages.Scaler(RepositoryRoot.Path).ScanContext();
        var trainer = LabImages.Trainer(RepositoryRoot.Path).ScanContext();

        foreach (var context in new[] { predictor, scaler, trainer })
        {
            Assert.Contains(context.Dockerfile, context.Files);
            Assert.Contains("Directory.Packages.props", context.Files);
            Assert.Contains(context.Files, f => f.StartsWith("lib/LabA.Domain/", StringComparison.Ordinal));
            Assert.DoesNotContain(context.Files, f => f.Split('/').Any(part => part is "bin" or "obj" or ".git"));
            Assert.DoesNotContain(context.Files, f => f.StartsWith("tests/", StringComparison.Ordinal) || f.StartsWith("infra/", StringComparison.Ordinal));
        }
        Assert.Contains(predictor.Files, f => f.StartsWith("lib/LabA.Forecasting/", StringComparison.Ordinal));
        Assert.DoesNotContain(scaler.Files, f => f.StartsWith("model/", StringComparison.Ordinal) || f.StartsWith("app/Predictor/", StringComparison.Ordinal)
            || f.StartsWith("lib/LabA.Forecasting/", StringComparison.Ordinal));
        Assert.Contains(trainer.Files, f => f.StartsWith("app/Trainer/", StringComparison.Ordinal));
        Assert.DoesNotContain(trainer.Files, f => f.StartsWith("model/", StringComparison.Ordinal) || f.StartsWith("app/Predictor/", StringComparison.Ordinal)
            || f.StartsWith("app/Scaler/", StringComparison.Ordinal) || f.StartsWith("samples/", StringComparison.Ordinal));
        if (Directory.Exists(Path.Combine(RepositoryRoot.Path, "model")) && Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "model")).Any())
            Assert.Contains(predictor.Files, f => f.StartsWith("model/", StringComparison.Ordinal));
    }
}
