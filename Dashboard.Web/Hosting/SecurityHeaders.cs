using System.Security.Cryptography;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Response headers that tell the browser what the dashboard's pages may do, and the cookie policy. The pages are
/// shown on a wall screen, the chairman's tablet and office PCs on the commune LAN; these headers are what keeps a
/// stray script or a framing page from acting with the dashboard's origin.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "Dashboard.Web.CspNonce";

    /// <summary>
    /// The Content-Security-Policy of every response (pages, the Hangfire console at /jobs, files, the API), checked
    /// in Chromium by the browser tests:
    /// <list type="bullet">
    /// <item>script-src 'self': every script is a file of this app (apexcharts, MudBlazor, blazor.web.js, js/*.js,
    /// the reconnect module). Blazor Server, MudBlazor 9 and apexcharts 4.7 evaluate no strings, so neither
    /// 'unsafe-eval' nor 'wasm-unsafe-eval' (that one is for WebAssembly) is needed. The one inline script is the
    /// import map Blazor writes into &lt;head&gt;; a page that renders it gets a per-response nonce for it
    /// (<see cref="CspNonce"/>), never 'unsafe-inline'.</item>
    /// <item>style-src 'unsafe-inline': MudBlazor writes its theme as an inline &lt;style&gt; block and style
    /// attributes on components; apexcharts injects its stylesheet and styles every chart element and tooltip inline;
    /// Hangfire's pages carry style attributes. Inline styles cannot run script.</item>
    /// <item>img-src data:: MudBlazor's stylesheet has data: PNG backgrounds, and apexcharts loads data: images (a
    /// PNG export is drawn from a data: SVG, image fills are inlined as data: URIs). A data: image cannot run code.</item>
    /// <item>connect-src 'self': the circuit's WebSocket (/_blazor) and the hub are same-origin; CSP Level 3 'self'
    /// matches ws:/wss: of the same host and port, so no ws: source is listed (Chromium connects under it).</item>
    /// <item>frame-ancestors 'none': nothing may frame the dashboard (clickjacking). This also replaces Blazor's own
    /// default header, frame-ancestors 'self'.</item>
    /// </list>
    /// The Hangfire console (/jobs) needs no policy of its own: Hangfire 1.8 renders no inline script or handler (one
    /// bundled script file, its settings in data- attributes) and evaluates no strings; its style attributes are
    /// covered by style-src. A Hangfire upgrade that changes this fails the browser test on /jobs.
    /// </summary>
    public static string ContentSecurityPolicy(string? nonce) =>
        "default-src 'self'; " +
        (nonce is null ? "script-src 'self'; " : $"script-src 'self' 'nonce-{nonce}'; ") +
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Turns off the devices a page could ask for: the dashboard never uses camera, microphone or location.</summary>
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=()";

    /// <summary>
    /// The nonce for an inline script this response renders (only Blazor's import map, in App.razor). Created on first
    /// use, so responses that render no inline script keep the plain <c>script-src 'self'</c>. Null when the security
    /// headers are not in the pipeline (component tests), so no <c>nonce</c> attribute is written then.
    /// </summary>
    public static string? CspNonce(this HttpContext http)
    {
        if (!http.Items.ContainsKey(NonceKey)) return null;
        if (http.Items[NonceKey] is not string nonce)
            // 128 random bits as hex: base64's '+' would be HTML-encoded in the attribute, and hex needs no care anywhere.
            http.Items[NonceKey] = nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return nonce;
    }

    /// <summary>Headers on every response, and Secure cookies outside Development. Goes first in the pipeline.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((ctx, next) =>
        {
            // Present but empty: the page creates the nonce if it renders an inline script.
            ctx.Items[NonceKey] = null;
            // Set when the response starts, not now: the exception handler and the status-code pages clear headers
            // before they re-execute, and endpoints (Blazor, antiforgery) set their own CSP and X-Frame-Options,
            // which these replace.
            ctx.Response.OnStarting(() =>
            {
                var headers = ctx.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy(ctx.Items[NonceKey] as string);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                // For browsers that predate frame-ancestors.
                headers.XFrameOptions = "DENY";
                headers["Permissions-Policy"] = PermissionsPolicy;
                // A window this page opens (a print page in a new tab) gets no handle back to it, and vice versa.
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(ctx);
        });

        // Every cookie the app or a framework sets (antiforgery, language, and the sign-in cookie to come) is Secure
        // outside Development: a browser then sends it over HTTPS only, so production needs HTTPS (docs/production.md).
        // The policy is used rather than AntiforgeryOptions.Cookie.SecurePolicy = Always: with that, antiforgery throws
        // for any request that is not HTTPS to Kestrel, and every page here issues a token, so a plain-HTTP LAN setup or
        // a TLS proxy that does not forward the scheme would get errors instead of pages.
        var secure = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.SecureCookies
                     ?? !app.Environment.IsDevelopment();
        app.UseCookiePolicy(new CookiePolicyOptions
        {
            Secure = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest,
        });
        return app;
    }
}
