using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>The security headers on every kind of response, over the real socket.</summary>
[Collection(HostCollection.Name)]
public sealed partial class SecurityHeadersTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly DashboardApp _app = shared.App;

    /// <summary>Every directive but script-src, whose nonce changes per page.</summary>
    private static readonly Dictionary<string, string> FixedDirectives = new()
    {
        ["default-src"] = "'self'",
        ["style-src"] = "'self' 'unsafe-inline'",
        ["img-src"] = "'self' data:",
        ["font-src"] = "'self'",
        ["connect-src"] = "'self'",
        ["object-src"] = "'none'",
        ["base-uri"] = "'self'",
        ["form-action"] = "'self'",
        ["frame-ancestors"] = "'none'",
    };

    [GeneratedRegex("""<script type="importmap" nonce="(?<nonce>[^"]+)">""")]
    private static partial Regex ImportMapTag();

    [GeneratedRegex("^'self' 'nonce-(?<nonce>[0-9a-f]{32})'$")]
    private static partial Regex NonceSource();

    private static Dictionary<string, string> Directives(HttpResponseMessage response, string what)
    {
        // One header: Blazor's own "frame-ancestors 'self'" is replaced, not sent beside it.
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");
        foreach (var (name, value) in FixedDirectives)
            Assert.True(directives.TryGetValue(name, out var actual) && actual == value, $"{what}: {name} is '{actual}', expected '{value}' in: {csp}");
        Assert.Equal(FixedDirectives.Count + 1, directives.Count);
        Assert.DoesNotContain("unsafe-eval", csp);
        return directives;
    }

    private static void AssertOtherHeaders(HttpResponseMessage response, string what)
    {
        string Header(string name) => string.Join(",", response.Headers.TryGetValues(name, out var v) ? v : []);
        Assert.True(Header("X-Content-Type-Options") == "nosniff", what);
        Assert.True(Header("X-Frame-Options") == "DENY", what);
        Assert.True(Header("Referrer-Policy") == "strict-origin-when-cross-origin", what);
        Assert.True(Header("Permissions-Policy") == "camera=(), microphone=(), geolocation=()", what);
        Assert.True(Header("Cross-Origin-Opener-Policy") == "same-origin", what);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/kpi/sipas")]
    [InlineData("/scores")]
    [InlineData("/scores/print")]
    [InlineData("/kpi/sipas/print")]
    [InlineData("/feeds")]
    [InlineData("/import")]
    [InlineData("/khong-co-trang-nay")]
    public async Task A_page_allows_only_its_own_scripts_and_its_import_map_by_nonce(string route)
    {
        using var response = await _app.Http.GetAsync(route);
        Assert.Equal(route.StartsWith("/khong") ? HttpStatusCode.NotFound : HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var directives = Directives(response, route);
        AssertOtherHeaders(response, route);

        // The one inline script is the import map, allowed by a nonce that changes with every response.
        var source = NonceSource().Match(directives["script-src"]);
        Assert.True(source.Success, $"{route}: script-src is '{directives["script-src"]}'");
        var tag = ImportMapTag().Match(html);
        Assert.True(tag.Success, $"{route}: no import map with a nonce");
        Assert.Equal(source.Groups["nonce"].Value, WebUtility.HtmlDecode(tag.Groups["nonce"].Value));
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)(?![^>]*type=""importmap"")[^>]*>", html);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);

        using var again = await _app.Http.GetAsync(route);
        Assert.NotEqual(source.Groups["nonce"].Value, NonceSource().Match(Directives(again, route)["script-src"]).Groups["nonce"].Value);
    }

    [Theory]
    [InlineData("GET", "/health/live", HttpStatusCode.OK)]
    [InlineData("GET", "/health/ready", HttpStatusCode.OK)]
    [InlineData("GET", "/css/app.css", HttpStatusCode.OK)]
    [InlineData("GET", "/js/page-actions.js", HttpStatusCode.OK)]
    [InlineData("GET", "/favicon.svg", HttpStatusCode.OK)]
    [InlineData("GET", "/api/v1/snapshot", HttpStatusCode.OK)]
    [InlineData("POST", "/api/v1/readings", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/export/kpi/sipas.xlsx", HttpStatusCode.OK)]
    [InlineData("GET", "/culture/en-US?redirect=/scores", HttpStatusCode.Redirect)]
    [InlineData("GET", "/jobs", HttpStatusCode.OK)]
    public async Task Every_other_response_carries_the_headers_with_no_inline_script_allowed(string method, string path, HttpStatusCode status)
    {
        // Signed in as the administrator, with the tests' API key: every endpoint answers for real.
        using var client = await _app.SignedInClientAsync(DashboardApp.AdminName, DashboardApp.Password, followRedirects: false,
            cookies: new System.Net.CookieContainer());
        client.DefaultRequestHeaders.Add("X-Api-Key", _app.ApiKey);
        using var response = method == "POST"
            ? await client.PostAsJsonAsync(path, new[] { new { unit = "que-minh", kpi = "sipas", period = "2026-13", value = 1 } })
            : await client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("'self'", Directives(response, path)["script-src"]);
        AssertOtherHeaders(response, path);
    }

    [Fact]
    public async Task Cookies_are_not_secure_over_plain_http_in_development()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _app.BaseAddress };
        using var response = await client.GetAsync("/culture/en-US?redirect=/");
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A deployment (Production): every cookie is Secure, so a browser sends it back over HTTPS only.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ProductionCookieTests : IDisposable
{
    // Secure cookies never come back over plain http: this host cannot be signed in to, and is not.
    private readonly DashboardApp _app = new(environment: "Production", signIn: false,
        settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("/culture/en-US?redirect=/")]
    [InlineData("/account/login")]
    public async Task Every_cookie_is_secure_outside_development(string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _app.BaseAddress };
        // As through an HTTPS proxy on the same host: over plain http a deployment shows only its "use HTTPS" page.
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
    }
}
