using LabA.Deployment.Settings;
using LabA.Domain.Settings;

namespace LabA.Deployment.Tests;

public class PrometheusSourceTests
{
    [Theory]
    [InlineData("install", "http://prometheus-server.lab.svc.cluster.local/")]
    [InlineData("off", null)]
    [InlineData("http://prometheus.monitoring.svc.cluster.local:9090", "http://prometheus.monitoring.svc.cluster.local:9090/")]
    [InlineData("https://metrics.example/prometheus", "https://metrics.example/prometheus")]
    public void Install_off_and_a_url_are_accepted(string value, string? url)
    {
        var source = PrometheusSource.Parse("lab-a:prometheus", value);

        Assert.Equal(url, source.UrlIn("lab")?.AbsoluteUri);
        Assert.Equal(source, PrometheusSource.Parse("lab-a:prometheus", source.ToString()));
    }

    [Theory]
    [InlineData("on")]
    [InlineData("OFF")]
    [InlineData("prometheus:9090")]
    [InlineData("ftp://prometheus.example")]
    [InlineData("http://prometheus.example/?query=up")]
    [InlineData("")]
    public void Anything_else_is_refused_naming_the_key(string value)
    {
        var error = Assert.Throws<SettingsException>(() => PrometheusSource.Parse("lab-a:prometheus", value));

        Assert.Equal("lab-a:prometheus", error.Key);
        Assert.Contains("install", error.Message);
    }

    [Fact]
    public void The_stack_binds_it_with_install_as_the_default()
    {
        Assert.Equal(PrometheusMode.Install, StackSettings.Default.Prometheus.Mode);
        Assert.Equal(PrometheusMode.Off, StackSettings.Bind(key => key == StackKeys.Prometheus ? "off" : null).Prometheus.Mode);
    }
}
