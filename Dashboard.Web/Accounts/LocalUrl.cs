namespace Dashboard.Web.Accounts;

/// <summary>
/// Where the app may send a browser back to after a sign-in or a language switch: a path on this site, never another
/// host. The same rule as ASP.NET Core's <c>IsLocalUrl</c>, so <c>Results.LocalRedirect</c> never throws on what it passes.
/// </summary>
public static class LocalUrl
{
    /// <summary>The address itself when it is a local path ("/…"), otherwise the overview ("/").</summary>
    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";

    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/') return false;
        if (url.Length == 1) return true;
        // "//host" and "/\host" are read by browsers as another host; a tab or a line break inside is dropped by them
        // ("/\t/host" becomes "//host"), so no control character is allowed anywhere.
        if (url[1] is '/' or '\\') return false;
        return !url.Any(char.IsControl);
    }
}
