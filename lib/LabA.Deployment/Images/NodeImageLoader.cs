using Docker.DotNet;
using Docker.DotNet.Models;

namespace LabA.Deployment.Images;

/// <summary>
/// What <c>kind load docker-image</c> does, through the Docker API: save the image from the engine and stream the
/// archive into the node container's containerd with an exec whose stdin is attached, into the snapshotter the
/// node's CRI plugin uses.
/// </summary>
public sealed class NodeImageLoader(IDockerClient docker)
{
    /// <summary>
    /// The import kind itself runs in the node; <c>k8s.io</c> is the containerd namespace the kubelet reads, and
    /// <paramref name="snapshotter"/> the one it runs pods from (<see cref="ContainerdConfig.Snapshotter"/>).
    /// </summary>
    public static IReadOnlyList<string> ContainerdImport(string snapshotter) =>
        ["ctr", "--namespace=k8s.io", "images", "import", "--all-platforms", "--digests", $"--snapshotter={snapshotter}", "-"];

    /// <summary>Loads the image unless the node's containerd already has it (tags are content hashes, so same tag, same image).</summary>
    /// <returns>Whether it was loaded (false: already there).</returns>
    public async Task<bool> LoadIntoKindNodeAsync(string image, string nodeContainer, Action<string> log, CancellationToken cancellationToken)
    {
        var reference = ContainerdReference(image);
        var listed = await ExecWithStdinAsync(nodeContainer, ["ctr", "--namespace=k8s.io", "images", "ls", "-q", $"name=={reference}"], Stream.Null, cancellationToken);
        if (listed.ExitCode == 0 && listed.Stdout.Split('\n').Any(line => line.Trim() == reference))
        {
            log($"{image} is already in {nodeContainer}; not loading it again");
            return false;
        }
        var snapshotter = await SnapshotterAsync(nodeContainer, cancellationToken);
        await LoadAsync(image, nodeContainer, ContainerdImport(snapshotter), log, cancellationToken);
        return true;
    }

    /// <exception cref="DockerOperationException">The node's containerd config could not be read or names no snapshotter.</exception>
    private async Task<string> SnapshotterAsync(string nodeContainer, CancellationToken cancellationToken)
    {
        var dump = await ExecWithStdinAsync(nodeContainer, ContainerdConfig.DumpCommand, Stream.Null, cancellationToken);
        var failure = $"cannot tell which snapshotter {nodeContainer}'s containerd runs pods from";
        if (dump.ExitCode != 0)
            throw new DockerOperationException(
                $"{failure}: '{string.Join(' ', ContainerdConfig.DumpCommand)}' exited with {dump.ExitCode}: {FirstLine(dump.Stderr, dump.Stdout)}");
        try
        {
            return ContainerdConfig.Snapshotter(dump.Stdout);
        }
        catch (FormatException e)
        {
            throw new DockerOperationException($"{failure}: {e.Message}");
        }
    }

    /// <summary>The name containerd gives an imported Docker image: Docker Hub references spelt out in full.</summary>
    public static string ContainerdReference(string image)
    {
        var firstSlash = image.IndexOf('/');
        if (firstSlash < 0) return $"docker.io/library/{image}";
        var first = image[..firstSlash];
        var isRegistry = first.Contains('.') || first.Contains(':') || first == "localhost";
        return isRegistry ? image : $"docker.io/{image}";
    }

    /// <summary>Streams <c>docker save &lt;image&gt;</c> into <paramref name="command"/> run in <paramref name="container"/>.</summary>
    /// <exception cref="DockerOperationException">The command failed; the message carries its exit code and stderr.</exception>
    public async Task<ExecResult> LoadAsync(
        string image, string container, IReadOnlyList<string> command, Action<string> log, CancellationToken cancellationToken)
    {
        log($"loading {image} into {container}: {string.Join(' ', command)}");
        await using var archive = await docker.Images.SaveImageAsync(image, cancellationToken);
        var result = await ExecWithStdinAsync(container, command, archive, cancellationToken);
        if (result.ExitCode != 0)
            throw new DockerOperationException(
                $"loading {image} into {container} failed: '{string.Join(' ', command)}' exited with {result.ExitCode}: {FirstLine(result.Stderr, result.Stdout)}");
        return result;
    }

    public async Task<ExecResult> ExecWithStdinAsync(string container, IReadOnlyList<string> command, Stream stdin, CancellationToken cancellationToken)
    {
        var exec = await docker.Exec.ExecCreateContainerAsync(container, new ContainerExecCreateParameters
        {
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            Cmd = command.ToList(),
        }, cancellationToken);

        using var stream = await docker.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false, cancellationToken);
        // Read while writing: a command that answers as it reads would otherwise block on a full pipe.
        var output = stream.ReadOutputToEndAsync(cancellationToken);
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var input = CopyInputAsync(stdin, stream, stopWriting.Token);
        // A command that exits before reading all its input closes its output first; stop feeding it then. A write
        // blocked on the socket may not heed cancellation, so it is abandoned and fails when the stream is disposed.
        if (await Task.WhenAny(input, output) == output && !input.IsCompleted)
        {
            await stopWriting.CancelAsync();
            await Task.WhenAny(input, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
            _ = input.ContinueWith(abandoned => abandoned.Exception, TaskContinuationOptions.OnlyOnFaulted);
        }
        else
        {
            try
            {
                await input;
            }
            catch (IOException)
            {
                // The command stopped reading (it failed, most likely); its exit code and stderr below say why.
            }
        }
        var (stdout, stderr) = await output;

        // The exec can still show as running for a moment after its streams close.
        var inspect = await docker.Exec.InspectContainerExecAsync(exec.ID, cancellationToken);
        for (var attempt = 0; inspect.Running && attempt < 50; attempt++)
        {
            await Task.Delay(100, cancellationToken);
            inspect = await docker.Exec.InspectContainerExecAsync(exec.ID, cancellationToken);
        }
        return new ExecResult(inspect.ExitCode, stdout, stderr);
    }

    private static async Task CopyInputAsync(Stream source, MultiplexedStream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            await destination.WriteAsync(buffer, 0, read, cancellationToken);
        destination.CloseWrite();
    }

    private static string FirstLine(params string[] texts) =>
        texts.SelectMany(t => t.Split('\n')).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "no output";
}
