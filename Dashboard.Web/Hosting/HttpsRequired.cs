using System.Globalization;
using System.Net;
using Dashboard.Web.Digests;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Outside Development every cookie is Secure (<see cref="SecurityHeaders.UseSecurityHeaders"/>), so over plain http:// a
/// browser keeps none of them: the sign-in form failed its antiforgery check with a bare "HTTP ERROR 400" and a wall
/// screen went round its pairing link for ever. The app does not redirect to HTTPS (it often has no HTTPS endpoint of
/// its own: a proxy terminates TLS) and HSTS only reaches browsers that came over HTTPS once. So a page asked for over
/// plain HTTP, not through an HTTPS proxy (the forwarded headers run first), gets a small page of its own that says so,
/// Vietnamese first, with the https:// address when one is known. Health checks, the API and the hub are for machines
/// (a key in a header, not a cookie) and are left alone.
/// </summary>
public static class HttpsRequired
{
    public static WebApplication UseHttpsRequired(this WebApplication app)
    {
        var secure = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.SecureCookies ?? !app.Environment.IsDevelopment();
        if (!secure) return app;
        var configured = app.Services.GetRequiredService<IOptions<DigestOptions>>().Value.BaseUrl;
        var server = app.Services.GetRequiredService<IServer>();
        app.Use(async (ctx, next) =>
        {
            if (ctx.Request.IsHttps || Exempt(ctx.Request.Path))
            {
                await next(ctx);
                return;
            }
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var https = HttpsAddress(configured, addresses, ctx.Request.Host, ctx.Request.Path, ctx.Request.QueryString);
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            ctx.Response.ContentType = "text/html; charset=utf-8";
            ctx.Response.Headers.CacheControl = "no-store";
            await ctx.Response.WriteAsync(Page(https));
        });
        return app;
    }

    private static bool Exempt(PathString path) =>
        path.StartsWithSegments("/health") || AccountsExtensions.IsMachinePath(path);

    /// <summary>
    /// Where the same page is over HTTPS: the configured public address (<c>Digests:BaseUrl</c>, the name in the
    /// certificate) if it is https://, else this server's own HTTPS endpoint on the host name the user typed; null if
    /// neither is known.
    /// </summary>
    public static string? HttpsAddress(string? configured, IEnumerable<string> serverAddresses, HostString host, PathString path, QueryString query)
    {
        var target = (path.HasValue ? path.ToUriComponent() : "/") + query.ToUriComponent();
        if (Uri.TryCreate(configured, UriKind.Absolute, out var baseUri) && baseUri.Scheme == Uri.UriSchemeHttps)
            return baseUri.GetLeftPart(UriPartial.Authority) + baseUri.AbsolutePath.TrimEnd('/') + target;
        if (!host.HasValue) return null;
        foreach (var address in serverAddresses)
        {
            if (!address.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) continue;
            var port = BindingAddress.Parse(address).Port;
            return $"https://{host.Host}{(port == 443 ? "" : ":" + port.ToString(CultureInfo.InvariantCulture))}{target}";
        }
        return null;
    }

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Self-contained: no script, no stylesheet or font of the app (they would need the same https:// address).</summary>
    private static string Page(string? https)
    {
        static string S(string key, CultureInfo culture) => WebUtility.HtmlEncode(Strings.ResourceManager.GetString(key, culture) ?? key);
        string Section(CultureInfo culture, string lang) =>
            $"<section lang=\"{lang}\"><h1>{S(nameof(Strings.HttpsRequiredTitle), culture)}</h1><p>{S(nameof(Strings.HttpsRequiredText), culture)}</p>" +
            (https is null
                ? $"<p>{S(nameof(Strings.HttpsRequiredNoAddress), culture)}</p>"
                : $"<p>{S(nameof(Strings.HttpsRequiredOpen), culture)} <a href=\"{WebUtility.HtmlEncode(https)}\">{WebUtility.HtmlEncode(https)}</a></p>") +
            $"<p>{S(nameof(Strings.HttpsRequiredProxy), culture)}</p></section>";
        return "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
               $"<title>{S(nameof(Strings.HttpsRequiredTitle), Vietnamese)}</title>" +
               "<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}" +
               "h1{font-size:1.5rem}a{font-weight:bold;word-break:break-all}section+section{margin-top:2rem;padding-top:1rem;border-top:1px solid #bbb;color:#444}</style>" +
               "</head><body>" + Section(Vietnamese, "vi") + Section(English, "en") + "</body></html>";
    }
}
