using System.Text;
using System.Text.Json;
using LabA.Deployment.Images;

namespace LabA.Deployment.Tests;

public sealed class RegistryCredentialsTests : IDisposable
{
    private static readonly RegistryReference Registry = new("registry.example.com:5443", "team");
    private readonly TestDirectory _home = new();

    public void Dispose() => _home.Dispose();

    private string Config(string json) => _home.Write(Path.Combine(".docker", "config.json"), json);

    /// <summary>A config as <c>docker login</c> writes it: each entry's auth is base64 of user:password.</summary>
    private static string Auths(params (string Key, string UserColonPassword)[] entries) => JsonSerializer.Serialize(new
    {
        auths = entries.ToDictionary(e => e.Key, e => new { auth = Convert.ToBase64String(Encoding.UTF8.GetBytes(e.UserColonPassword)) }),
    });

    [Fact]
    public void The_stack_login_wins_over_the_docker_config_and_its_text_hides_the_password()
    {
        var path = Config(Auths(("registry.example.com:5443", "docker:from-file")));

        var login = RegistryCredentials.Resolve(Registry, "ci", "s3cret", path);

        Assert.Equal(new RegistryCredentials("ci", "s3cret"), login.Credentials);
        Assert.Contains("lab-a:registryUsername", login.Source);
        Assert.Equal("ci:***", login.Credentials!.ToString());
        Assert.DoesNotContain("s3cret", $"{login}");
    }

    [Theory]
    [InlineData("registry.example.com:5443")]
    [InlineData("https://registry.example.com:5443/v1/")]
    [InlineData("http://registry.example.com:5443")]
    public void Docker_logins_auths_entry_is_decoded_under_the_host_or_a_url_of_it(string key)
    {
        var path = Config(Auths(("other.example.com", "x:y"), (key, "robot:pa:ss")));

        var login = RegistryCredentials.Resolve(Registry, null, null, path);

        Assert.Equal(new RegistryCredentials("robot", "pa:ss"), login.Credentials);
        Assert.Contains(path, login.Source);
        Assert.DoesNotContain("pa:ss", login.Source);
    }

    [Fact]
    public void Docker_hub_logins_are_filed_under_the_v1_index_url()
    {
        var path = Config(Auths(("https://index.docker.io/v1/", "me:token")));

        Assert.Equal(new RegistryCredentials("me", "token"), RegistryCredentials.Resolve(new RegistryReference("docker.io", "me"), null, null, path).Credentials);
    }

    [Fact]
    public void No_config_or_no_entry_means_an_anonymous_push_and_a_creds_store_is_named_as_not_read()
    {
        var missing = RegistryCredentials.Resolve(Registry, null, null, Path.Combine(_home.Path, "none.json"));
        Assert.Null(missing.Credentials);
        Assert.Contains("anonymously", missing.Source);

        var path = Config("""{"auths":{"other.example.com":{}},"credsStore":"desktop"}""");
        var noEntry = RegistryCredentials.Resolve(Registry, null, null, path);
        Assert.Null(noEntry.Credentials);
        Assert.Contains("credsStore 'desktop' is not read", noEntry.Source);
    }

    [Theory]
    [InlineData("""{"auths": {""", "is not valid JSON")]
    [InlineData("""[1]""", "not a JSON object")]
    [InlineData("""{"auths":{"registry.example.com:5443":{"auth":"%%%"}}}""", "is not base64")]
    [InlineData("""{"auths":{"registry.example.com:5443":{"auth":"bm9jb2xvbg=="}}}""", "does not decode to user:password")]
    [InlineData("""{"auths":{"registry.example.com:5443":{"identitytoken":"abc"}}}""", "identity token")]
    [InlineData("""{"credHelpers":{"registry.example.com:5443":"ecr-login"}}""", "docker-credential-ecr-login, which LabA does not call")]
    public void A_docker_config_that_cannot_be_used_fails_naming_the_file_and_the_problem(string json, string reason)
    {
        var path = Config(json);

        var error = Assert.Throws<RegistryCredentialsException>(() => RegistryCredentials.Resolve(Registry, null, null, path));

        Assert.StartsWith(path, error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void The_docker_config_is_found_where_the_docker_cli_looks()
    {
        Assert.Equal("/cfg/config.json", RegistryCredentials.DockerConfigPath(name => name == "DOCKER_CONFIG" ? "/cfg" : "/home/me"));
        Assert.Equal("/home/me/.docker/config.json", RegistryCredentials.DockerConfigPath(name => name == "HOME" ? "/home/me" : null));
    }
}
