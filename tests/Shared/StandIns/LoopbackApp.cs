using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LabA.Tests.Shared;

/// <summary>A quiet Kestrel app on a free 127.0.0.1 port: the base of every stand-in.</summary>
public static class LoopbackApp
{
    private static readonly AsyncLocal<X509Certificate2?> HttpsCertificate = new();

    /// <summary>
    /// Stand-ins started from the calling flow serve HTTPS with <paramref name="certificate"/> until the scope is
    /// disposed, as a real API server does, with no change to the stand-ins themselves.
    /// </summary>
    public static IDisposable ServeHttps(X509Certificate2 certificate)
    {
        HttpsCertificate.Value = certificate;
        return new HttpsScope();
    }

    public static WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (HttpsCertificate.Value is { } certificate)
        {
            // The slim builder leaves HTTPS out unless asked for.
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
            builder.WebHost.UseUrls("https://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        return builder.Build();
    }

    private sealed class HttpsScope : IDisposable
    {
        public void Dispose() => HttpsCertificate.Value = null;
    }
}
