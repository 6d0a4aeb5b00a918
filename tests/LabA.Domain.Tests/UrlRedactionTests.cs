using LabA.Domain.Settings;

namespace LabA.Domain.Tests;

public class UrlRedactionTests
{
    [Theory]
    [InlineData("http://user:s3cret@predictor.lab-a.svc:8080/predict", "http://***@predictor.lab-a.svc:8080/predict")]
    [InlineData("https://token@prometheus.example.com/", "https://***@prometheus.example.com/")]
    [InlineData("http://predictor:8080/predict?at=x", "http://predictor:8080/predict?at=x")]
    [InlineData("not a url user:pw@host", "not a url user:pw@host")]
    [InlineData("htp//user:pw@host", "htp//user:pw@host")]
    [InlineData("http://us%40er:p@ss@host:9090", "http://***@host:9090")]
    public void Userinfo_is_never_printed(string url, string printed) => Assert.Equal(printed, UrlRedaction.Redact(url));

    [Fact]
    public void A_uri_prints_without_its_credentials()
    {
        var redacted = UrlRedaction.Redact(new Uri("http://admin:hunter2@prometheus:9090/api"));
        Assert.Equal("http://***@prometheus:9090/api", redacted);
        Assert.DoesNotContain("hunter2", redacted);
    }

    [Fact]
    public void A_malformed_url_setting_is_named_without_its_password()
    {
        var reader = new EnvReader(key => key == "PREDICTOR_URL" ? "ftp://admin:hunter2@predictor/predict" : null);
        var error = Assert.Throws<SettingsException>(() => reader.AbsoluteUri("PREDICTOR_URL", "http://x/"));
        Assert.StartsWith("PREDICTOR_URL:", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Contains("ftp://***@predictor/predict", error.Message);
    }
}
