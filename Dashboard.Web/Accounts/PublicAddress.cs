using System.Net;

namespace Dashboard.Web.Accounts;

/// <summary>
/// The dashboard's address as others reach it: <c>Digests:BaseUrl</c>, the one setting for it (digest links, the HTTPS
/// notice, pairing links). A link for another device is never built from the request, which an administrator often makes
/// on the server itself (localhost); a configured loopback address counts as none, since no screen reaches it.
/// </summary>
public static class PublicAddress
{
    public const string Setting = "Digests:BaseUrl";

    /// <summary>The configured http(s) address without a trailing slash, or null when none a screen could reach is set.</summary>
    public static string? Of(string? configured)
    {
        if (!Uri.TryCreate(configured?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return null;
        if (uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && ip.Equals(IPAddress.Any))) return null;
        return uri.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath.TrimEnd('/');
    }

    /// <summary>The absolute link to a local path ("/wall/pair?…") under the public address, or the path itself without one.</summary>
    public static string Link(string? configured, string path) => Of(configured) is { } address ? address + path : path;
}
