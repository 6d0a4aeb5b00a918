using LabA.Deployment.Images;
using LabA.Domain.Settings;

namespace LabA.Deployment.Tests;

public class RegistryReferenceTests
{
    [Theory]
    [InlineData("127.0.0.1:5000", "127.0.0.1:5000", null, "127.0.0.1:5000/lab-a/predictor:0123456789ab")]
    [InlineData("localhost", "localhost", null, "localhost/lab-a/predictor:0123456789ab")]
    [InlineData("Registry.Example.com/team/", "registry.example.com", "team", "registry.example.com/team/lab-a/predictor:0123456789ab")]
    [InlineData("ghcr.io/acme/lab_a", "ghcr.io", "acme/lab_a", "ghcr.io/acme/lab_a/lab-a/predictor:0123456789ab")]
    [InlineData("docker.io/acme", "docker.io", "acme", "docker.io/acme/lab-a/predictor:0123456789ab")]
    public void A_registry_keeps_the_images_repository_and_content_addressed_tag(string value, string host, string? path, string image)
    {
        var registry = RegistryReference.Parse("lab-a:registry", value);

        Assert.Equal(new RegistryReference(host, path), registry);
        Assert.Equal(image, registry.ImageFor("lab-a/predictor:0123456789ab"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "is a URL")]
    [InlineData("acme", "names no registry host")]
    [InlineData("acme/lab", "names no registry host")]
    [InlineData("127.0.0.1:0", "port 0")]
    [InlineData("-bad.example.com", "registry host")]
    [InlineData("registry.example.com/Acme", "is not a repository path")]
    [InlineData("registry.example.com/acme:latest", "is not a repository path")]
    [InlineData("registry.example.com/acme@sha256:00", "is not a repository path")]
    [InlineData("", "registry host")]
    public void A_value_docker_would_not_read_as_a_registry_fails_naming_the_key(string value, string reason)
    {
        var error = Assert.Throws<SettingsException>(() => RegistryReference.Parse("lab-a:registry", value));

        Assert.Equal("lab-a:registry", error.Key);
        Assert.StartsWith("lab-a:registry: ", error.Message);
        Assert.Contains(reason, error.Message);
    }
}
