using Docker.DotNet;
using Docker.DotNet.Models;

namespace LabA.Deployment.Images;

/// <summary>Builds an image through the Docker engine API, as <c>docker build</c> with the classic builder does.</summary>
public sealed class ImageBuilder(IDockerClient docker)
{
    /// <summary>Tars the context, builds it, and streams the build's output lines to <paramref name="log"/>.</summary>
    /// <returns>The content-addressed reference the image was tagged with.</returns>
    /// <exception cref="DockerOperationException">The build failed; the message is the build's own error.</exception>
    public async Task<string> BuildAsync(ImageBuildRequest request, Action<string> log, CancellationToken cancellationToken)
    {
        var context = request.ScanContext();
        var reference = request.ReferenceFor(context);
        if (await ExistsAsync(reference, cancellationToken))
        {
            // The tag is the context's hash: an image with it was built from exactly these files.
            log($"{reference} is already built");
            return reference;
        }
        log($"building {reference} from {context.Dockerfile} ({context.Files.Count} files in the context)");

        // The context goes through a temp file rather than memory: with a host publish in it, it is 100+ MB.
        var tarPath = Path.Combine(Path.GetTempPath(), $"laba-context-{Guid.NewGuid():N}.tar");
        await using var tar = new FileStream(tarPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        await context.WriteTarAsync(tar, cancellationToken);
        tar.Position = 0;

        string? error = null;
        var pending = "";
        var progress = new CallbackProgress<JSONMessage>(message =>
        {
            if (message.Error?.Message is { Length: > 0 } failure) error = failure;
            else if (!string.IsNullOrEmpty(message.ErrorMessage)) error = message.ErrorMessage;
            if (string.IsNullOrEmpty(message.Stream)) return;
            // The engine sends output in chunks that need not end at a line break; log whole lines.
            pending += message.Stream;
            var lines = pending.Split('\n');
            pending = lines[^1];
            foreach (var line in lines[..^1])
                if (line.TrimEnd('\r').Length > 0) log(line.TrimEnd('\r'));
        });

        var parameters = new ImageBuildParameters
        {
            Dockerfile = context.Dockerfile,
            Tags = [reference],
            BuildArgs = request.BuildArgs.ToDictionary(),
            Target = request.Target,
            Remove = true,
            ForceRemove = true,
        };
        await docker.Images.BuildImageFromDockerfileAsync(parameters, tar, null, null, progress, cancellationToken);
        if (pending.Trim().Length > 0) log(pending.Trim());
        if (error is not null) throw new DockerOperationException($"docker build of {reference} failed: {error.Trim()}");
        if (!await ExistsAsync(reference, cancellationToken))
            throw new DockerOperationException($"docker build of {reference} reported no error but produced no image");
        return reference;
    }

    private async Task<bool> ExistsAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Images.InspectImageAsync(reference, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }
}
