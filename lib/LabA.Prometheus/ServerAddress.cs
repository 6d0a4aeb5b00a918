using System.Net.Http.Headers;
using System.Text;

namespace LabA.Prometheus;

/// <summary>
/// A Prometheus server's base URL. Credentials written into it (<c>http://user:password@host:9090</c>) become a Basic
/// authorization header and are kept out of <see cref="Display"/>, which is what errors and the model card show.
/// </summary>
public sealed record ServerAddress(Uri BaseUri, AuthenticationHeaderValue? Authorization)
{
    public string Display => BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>Throws <see cref="PrometheusException"/> when <paramref name="url"/> is not an absolute http(s) URL.</summary>
    public static ServerAddress Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new PrometheusException($"--prometheus '{Redact(url)}' is not an http(s) URL such as http://localhost:9090");
        AuthenticationHeaderValue? authorization = null;
        if (uri.UserInfo.Length > 0)
        {
            var credentials = Uri.UnescapeDataString(uri.UserInfo);
            authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        var clean = new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri;
        var path = clean.AbsolutePath.EndsWith('/') ? clean : new UriBuilder(clean) { Path = clean.AbsolutePath + "/" }.Uri;
        return new ServerAddress(path, authorization);
    }

    /// <summary>The text with anything between "://" and "@" removed, for echoing a URL that did not parse.</summary>
    private static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.IndexOf('@');
        return scheme >= 0 && at > scheme ? url[..(scheme + 3)] + url[(at + 1)..] : url;
    }
}
