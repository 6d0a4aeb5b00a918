using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LabA.Deployment.Images;

/// <summary>
/// The files Docker would receive as the build context of one Dockerfile: everything under the context
/// directory that its ignore file keeps. The ignore file is <c>&lt;Dockerfile&gt;.dockerignore</c> when it exists
/// (Docker's per-Dockerfile ignore file), otherwise the context's <c>.dockerignore</c>; like the Docker CLI, the
/// Dockerfile and the ignore file are always sent.
/// </summary>
public sealed class BuildContext
{
    private BuildContext(string directory, string dockerfile, IReadOnlyList<string> files)
    {
        Directory = directory;
        Dockerfile = dockerfile;
        Files = files;
    }

    public string Directory { get; }

    /// <summary>The Dockerfile, relative to <see cref="Directory"/> with '/' separators.</summary>
    public string Dockerfile { get; }

    /// <summary>Every file sent, relative to <see cref="Directory"/>, '/'-separated, in ordinal order.</summary>
    public IReadOnlyList<string> Files { get; }

    public static BuildContext Scan(string directory, string dockerfile)
    {
        directory = Path.GetFullPath(directory);
        dockerfile = dockerfile.Replace('\\', '/');
        if (!File.Exists(Path.Combine(directory, dockerfile)))
            throw new FileNotFoundException($"Dockerfile '{dockerfile}' not found in the build context {directory}");
        var specificIgnore = dockerfile + ".dockerignore";
        var ignoreFile = File.Exists(Path.Combine(directory, specificIgnore)) ? specificIgnore : ".dockerignore";
        var ignore = DockerIgnore.Load(Path.Combine(directory, ignoreFile));

        var files = new SortedSet<string>(StringComparer.Ordinal);
        Walk(directory, "", ignore, files);
        files.Add(dockerfile);
        if (File.Exists(Path.Combine(directory, ignoreFile))) files.Add(ignoreFile);
        return new BuildContext(directory, dockerfile, files.ToList());
    }

    private static void Walk(string root, string relativeDirectory, DockerIgnore ignore, SortedSet<string> files)
    {
        var absolute = relativeDirectory.Length == 0 ? root : Path.Combine(root, relativeDirectory);
        foreach (var entry in new DirectoryInfo(absolute).EnumerateFileSystemInfos())
        {
            var relative = relativeDirectory.Length == 0 ? entry.Name : $"{relativeDirectory}/{entry.Name}";
            var isDirectory = entry is DirectoryInfo && entry.LinkTarget is null;
            if (isDirectory)
            {
                if (ignore.IsIgnored(relative) && !ignore.MayReinclude(relative)) continue;
                Walk(root, relative, ignore, files);
            }
            else if (!ignore.IsIgnored(relative))
            {
                files.Add(relative);
            }
        }
    }

    /// <summary>
    /// A hash of everything the image is built from: each file's path, Unix mode and content, the Dockerfile, the
    /// build arguments and the target. Equal contexts give equal hashes whatever the file times or order on disk,
    /// so an image tag made from it changes exactly when the image would.
    /// </summary>
    public string ContentHash(IReadOnlyDictionary<string, string>? buildArgs = null, string? target = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));

        Add($"dockerfile={Dockerfile}");
        Add($"target={target}");
        foreach (var (name, value) in (buildArgs ?? new Dictionary<string, string>()).OrderBy(a => a.Key, StringComparer.Ordinal))
            Add($"arg {name}={value}");
        var buffer = new byte[81920];
        foreach (var file in Files)
        {
            var path = Path.Combine(Directory, file);
            var info = new FileInfo(path);
            if (info.LinkTarget is { } linkTarget)
            {
                Add($"link {file} -> {linkTarget}");
                continue;
            }
            var mode = OperatingSystem.IsWindows() ? 0 : (int)File.GetUnixFileMode(path);
            Add($"file {file} {mode.ToString(CultureInfo.InvariantCulture)} {info.Length.ToString(CultureInfo.InvariantCulture)}");
            using var stream = File.OpenRead(path);
            int read;
            while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Writes the context as the tar archive the Docker build API takes.</summary>
    public async Task WriteTarAsync(Stream output, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var file in Files)
            await tar.WriteEntryAsync(Path.Combine(Directory, file), file, cancellationToken);
    }
}
