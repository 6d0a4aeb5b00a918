using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace LabA.Prometheus.Tests;

/// <summary>Credentials from mounted Secret files: read by the client, sent as the Authorization header, never echoed.</summary>
public class PrometheusCredentialsTests
{
    private static string SecretFile(string content)
    {
        var path = Path.Combine(TestDirectory.Create("labA-prometheus-auth-"), "secret");
        File.WriteAllText(path, content);
        return path;
    }

    private static Func<string, string?> Env(params (string Key, string Value)[] values) => key => values.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void A_password_file_and_a_username_make_basic_auth_and_a_token_file_a_bearer_token()
    {
        var basic = PrometheusCredentials.From(Env(("PROMETHEUS_USERNAME", "grafana"), ("PROMETHEUS_PASSWORD_FILE", SecretFile("pa:ss\n"))));
        Assert.Equal("Basic", basic!.Scheme);
        Assert.Equal("grafana:pa:ss", Encoding.UTF8.GetString(Convert.FromBase64String(basic.Parameter!)));

        var bearer = PrometheusCredentials.From(Env(("PROMETHEUS_BEARER_TOKEN_FILE", SecretFile("eyJ0b2tlbi\n"))));
        Assert.Equal(new AuthenticationHeaderValue("Bearer", "eyJ0b2tlbi"), bearer);

        Assert.Null(PrometheusCredentials.From(Env()));
    }

    [Theory]
    [InlineData("PROMETHEUS_PASSWORD_FILE", "hunter2", null, "PROMETHEUS_USERNAME")]
    [InlineData("PROMETHEUS_BEARER_TOKEN_FILE", "", null, "PROMETHEUS_BEARER_TOKEN_FILE")]
    [InlineData("PROMETHEUS_BEARER_TOKEN_FILE", "two\nhunter2\n", null, "PROMETHEUS_BEARER_TOKEN_FILE")]
    [InlineData("PROMETHEUS_BEARER_TOKEN_FILE", null, null, "PROMETHEUS_BEARER_TOKEN_FILE")]
    [InlineData("PROMETHEUS_BEARER_TOKEN_FILE", "hunter2", "PROMETHEUS_PASSWORD_FILE", "PROMETHEUS_PASSWORD_FILE")]
    public void Unusable_credentials_are_one_line_naming_the_variable_and_never_the_secret(string variable, string? content, string? alsoSet, string named)
    {
        var path = content is null ? "/nonexistent/labA/secret" : SecretFile(content);
        var values = new List<(string, string)> { (variable, path) };
        if (alsoSet is not null) values.Add((alsoSet, SecretFile("other")));
        var error = Assert.Throws<PrometheusException>(() => PrometheusCredentials.From(Env([.. values])));
        Assert.Contains(named, error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task The_client_sends_the_mounted_token_with_every_query()
    {
        var seen = new List<AuthenticationHeaderValue?>();
        var transport = new Answering(request =>
        {
            seen.Add(request.Headers.Authorization);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"status":"success","data":{"resultType":"matrix","result":[]}}""", Encoding.UTF8, "application/json"),
            };
        });
        var path = SecretFile("t0ken\n");
        Environment.SetEnvironmentVariable("PROMETHEUS_BEARER_TOKEN_FILE", path);
        try
        {
            using var client = new PrometheusClient(ServerAddress.Parse("http://prometheus.invalid:9090"), transport);
            var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
            await client.QueryRangeAsync("up", start, start.AddMinutes(5), TimeSpan.FromMinutes(1), CancellationToken.None);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PROMETHEUS_BEARER_TOKEN_FILE", null);
        }
        Assert.Equal(new AuthenticationHeaderValue("Bearer", "t0ken"), Assert.Single(seen));
    }

    private sealed class Answering(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
    }
}
