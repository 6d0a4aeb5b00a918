using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using LabA.Deployment.Images;

namespace LabA.Deployment.Tests;

/// <summary>
/// Pushes through the code the program runs for an existing cluster, to the real registry (distribution 2.8) that
/// scripts/test-prereqs.sh starts on loopback, and reads the result back over the registry's HTTP API.
/// </summary>
[Trait("Category", "Docker")]
[Collection(DockerCollection.Name)]
public class RegistryPushTests(DockerFixture docker)
{
    public const string RegistryVariable = "LABA_TEST_REGISTRY";
    public const string AuthRegistryVariable = "LABA_TEST_AUTH_REGISTRY";
    public const string AuthRegistryLoginVariable = "LABA_TEST_AUTH_REGISTRY_LOGIN_FILE";

    private static CancellationToken Within(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static string Required(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{variable} is not set: run ./test.sh, or `source scripts/test-prereqs.sh` first (it starts the registries on 127.0.0.1)");

    private static RegistryReference TestRegistry() => RegistryReference.Parse(RegistryVariable, Required(RegistryVariable));

    private ImageBuildRequest SmallImage(TestDirectory context, string repository)
    {
        context.Write("Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY payload.txt /payload.txt\n");
        // A payload of its own, so the first push has a layer the registry has never seen.
        context.Write("payload.txt", $"payload {Guid.NewGuid()}");
        return new ImageBuildRequest(context.Path, "Dockerfile", repository, new Dictionary<string, string> { ["BASE_IMAGE"] = docker.BaseImage });
    }

    [Fact]
    public async Task A_pushed_build_is_in_the_registry_under_its_digest_and_pushing_it_unchanged_uploads_nothing()
    {
        var registry = TestRegistry();
        using var context = new TestDirectory();
        var request = SmallImage(context, "lab-a-test/pushed");
        var password = $"never-logged-{Guid.NewGuid():N}";
        var log = new List<string>();

        var first = await LabImages.BuildAndPushAsync(docker.Client, request, registry, new RegistryCredentials("laba", password), log.Add, Within(600));
        var local = request.ReferenceFor(request.ScanContext());
        docker.RemoveImageLater(first.Reference);
        docker.RemoveImageLater(local);

        Assert.Equal($"{registry}/{local}", first.Reference);
        Assert.True(first.LayersUploaded >= 1, $"uploaded {first.LayersUploaded} layers: {string.Join(" | ", log)}");
        var (manifestDigest, layers) = await ManifestAsync(registry, local);
        Assert.Equal(manifestDigest, first.Digest);
        Assert.Equal(layers, first.LayersUploaded + first.LayersAlreadyThere);

        var again = new List<string>();
        var second = await LabImages.BuildAndPushAsync(docker.Client, request, registry, null, again.Add, Within(600));

        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(0, second.LayersUploaded);
        Assert.Equal(layers, second.LayersAlreadyThere);
        Assert.Contains($"{local} is already built", again);
        Assert.DoesNotContain(log.Concat(again), line => line.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_registry_asking_for_a_login_takes_the_one_docker_login_filed_and_refuses_an_anonymous_push()
    {
        var registry = RegistryReference.Parse(AuthRegistryVariable, Required(AuthRegistryVariable));
        var login = File.ReadAllText(Required(AuthRegistryLoginVariable)).Trim();
        var password = login[(login.IndexOf(':') + 1)..];
        using var home = new TestDirectory();
        var dockerConfig = home.Write("config.json", JsonSerializer.Serialize(new
        {
            auths = new Dictionary<string, object> { [registry.Host] = new { auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(login)) } },
        }));
        using var context = new TestDirectory();
        var request = SmallImage(context, "lab-a-test/private");
        var local = await new ImageBuilder(docker.Client).BuildAsync(request, _ => { }, Within(600));
        docker.RemoveImageLater(local);
        docker.RemoveImageLater(registry.ImageFor(local));
        var log = new List<string>();

        var anonymous = await Assert.ThrowsAsync<DockerOperationException>(() =>
            new RegistryPush(docker.Client).PushAsync(local, registry, null, log.Add, Within(300)));
        var resolved = RegistryCredentials.Resolve(registry, null, null, dockerConfig);
        var pushed = await new RegistryPush(docker.Client).PushAsync(local, registry, resolved.Credentials, log.Add, Within(300));

        Assert.Contains("no basic auth credentials", anonymous.Message);
        Assert.Equal("laba", resolved.Credentials!.Username);
        Assert.StartsWith("sha256:", pushed.Digest);
        Assert.True(pushed.LayersUploaded >= 1);
        Assert.DoesNotContain(log.Append(anonymous.Message).Append(resolved.Source), line => line.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_push_to_a_registry_that_does_not_answer_fails_naming_the_reference()
    {
        var local = docker.BaseImage;
        var nowhere = new RegistryReference("127.0.0.1:9", null);

        var error = await Assert.ThrowsAsync<DockerOperationException>(() =>
            new RegistryPush(docker.Client).PushAsync(local, nowhere, null, _ => { }, Within(300)));
        docker.RemoveImageLater(nowhere.ImageFor(local));

        Assert.StartsWith($"docker push of 127.0.0.1:9/{local} failed: ", error.Message);
    }

    /// <summary>The manifest's digest as the registry states it (checked against the bytes it serves) and its layer count.</summary>
    private static async Task<(string Digest, int Layers)> ManifestAsync(RegistryReference registry, string local)
    {
        var tagAt = local.LastIndexOf(':');
        using var http = new HttpClient { BaseAddress = new Uri($"http://{registry.Host}"), Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{local[..tagAt]}/manifests/{local[(tagAt + 1)..]}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET manifest answered {(int)response.StatusCode}");
        var stated = Assert.Single(response.Headers.GetValues("Docker-Content-Digest"));
        Assert.Equal($"sha256:{Convert.ToHexStringLower(SHA256.HashData(body))}", stated);
        using var manifest = JsonDocument.Parse(body);
        return (stated, manifest.RootElement.GetProperty("layers").GetArrayLength());
    }
}
