namespace LabA.Domain.Settings;

/// <summary>
/// A URL as LabA prints it (error lines, Events, /model, Pulumi outputs): any userinfo (<c>user:password@</c>, a token
/// before the '@') replaced by <c>***</c>, so a credential written into a setting is never logged. Works on text that
/// is not a valid URL too, since that is what a refusal echoes.
/// </summary>
public static class UrlRedaction
{
    public const string Mask = "***";

    public static string Redact(Uri url) => Redact(url.IsAbsoluteUri ? url.AbsoluteUri : url.OriginalString);

    public static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return url;
        var authorityStart = scheme + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        // The last '@' ends the userinfo: a password may itself hold an unescaped '@'.
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        return at < 0 ? url : url[..authorityStart] + Mask + url[at..];
    }
}
