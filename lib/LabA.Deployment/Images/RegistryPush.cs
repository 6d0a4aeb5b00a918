using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace LabA.Deployment.Images;

/// <summary>
/// Pushes a locally built image to a registry through the Docker engine API, as <c>docker tag</c> then
/// <c>docker push</c>: the content-addressed tag is kept, so an unchanged build pushes to the same reference and
/// the registry already has every layer.
/// </summary>
public sealed partial class RegistryPush(IDockerClient docker)
{
    /// <exception cref="DockerOperationException">The push failed; the message is the engine's or the registry's own.</exception>
    public async Task<PushedImage> PushAsync(
        string localImage, RegistryReference registry, RegistryCredentials? credentials, Action<string> log, CancellationToken cancellationToken)
    {
        var reference = registry.ImageFor(localImage);
        var tagAt = reference.LastIndexOf(':');
        var (repository, tag) = (reference[..tagAt], reference[(tagAt + 1)..]);
        await docker.Images.TagImageAsync(localImage, new ImageTagParameters { RepositoryName = repository, Tag = tag, Force = true }, cancellationToken);
        log($"pushing {reference}");

        string? error = null, digest = null;
        var uploaded = new HashSet<string>();
        var alreadyThere = new HashSet<string>();
        var progress = new CallbackProgress<JSONMessage>(message =>
        {
            if (message.Error?.Message is { Length: > 0 } failure) error = failure;
            else if (!string.IsNullOrEmpty(message.ErrorMessage)) error = message.ErrorMessage;
            var status = message.Status ?? "";
            if (DigestPattern().Match(status) is { Success: true } match) digest = match.Groups["digest"].Value;
            // Per-layer byte counts would flood the log; the outcome of each layer is what tells.
            if (status is "Pushed") uploaded.Add(message.ID);
            else if (status is "Layer already exists" || status.StartsWith("Mounted from", StringComparison.Ordinal)) alreadyThere.Add(message.ID);
            else if (status is "Pushing" or "Preparing" or "Waiting" || status.Length == 0) return;
            log(string.IsNullOrEmpty(message.ID) ? status : $"{message.ID}: {status}");
        });

        // The engine needs an auth header even for an anonymous push; an empty one means none.
        var auth = credentials is null
            ? new AuthConfig()
            : new AuthConfig { Username = credentials.Username, Password = credentials.Password, ServerAddress = registry.Host };
        try
        {
            await docker.Images.PushImageAsync(repository, new ImagePushParameters { Tag = tag }, auth, progress, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new DockerOperationException($"docker push of {reference} failed: {e.ResponseBody?.Trim() ?? e.Message}");
        }
        if (error is not null) throw new DockerOperationException($"docker push of {reference} failed: {error.Trim()}");
        if (digest is null) throw new DockerOperationException($"docker push of {reference} reported no error but no digest either");
        log($"pushed {reference} ({digest}; {uploaded.Count} layers uploaded, {alreadyThere.Count} already in the registry)");
        return new PushedImage(reference, digest, uploaded.Count, alreadyThere.Count);
    }

    /// <summary>The engine's last status line: "&lt;tag&gt;: digest: sha256:&lt;hex&gt; size: &lt;n&gt;".</summary>
    [GeneratedRegex("digest: (?<digest>sha256:[0-9a-f]{64})")]
    private static partial Regex DigestPattern();
}
