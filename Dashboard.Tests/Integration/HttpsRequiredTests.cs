using System.Net;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Http;

namespace Dashboard.Tests.Integration;

/// <summary>
/// A deployment opened over plain http:// (e.g. http://may-chu-xa:5000 on the LAN): its Secure cookies cannot be set, so
/// instead of a bare 400 at sign-in or a wall that pairs forever, every page says why and where the https:// address is.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HttpsRequiredTests : IDisposable
{
    private readonly DashboardApp _app = new(environment: "Production", signIn: false,
        // nginx on the same host, configured as the trusted proxy (docs/production.md): it says the browser used HTTPS.
        settings: new Dictionary<string, string?> { ["Digests:BaseUrl"] = "https://dashboard.quemin.lan", ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

    public void Dispose() => _app.Dispose();

    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _app.BaseAddress };

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/")]
    [InlineData("/wall/pair?token=dwt_abc")]
    public async Task A_page_over_plain_http_explains_that_https_is_needed_vietnamese_first(string path)
    {
        using var client = Client();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var vietnamese = html.IndexOf("phải được mở bằng HTTPS", StringComparison.Ordinal);
        var english = html.IndexOf("must be opened over HTTPS", StringComparison.Ordinal);
        Assert.True(vietnamese > 0 && english > vietnamese, html);
        Assert.Contains($"href=\"https://dashboard.quemin.lan{path}\"", html);
        // Self-contained: no script, no file of the app, and no cookie that could not be kept anyway.
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_answers_over_plain_http(string path)
    {
        using var client = Client();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Behind_an_https_proxy_on_the_same_host_the_pages_open()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("__RequestVerificationToken", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    // The configured public address wins: it is the name in the certificate.
    [InlineData("https://dashboard.quemin.lan/", "http://0.0.0.0:5000", "may-chu-xa:5000", "/account/login", "https://dashboard.quemin.lan/account/login")]
    // Else Kestrel's own HTTPS endpoint, on the host name the user typed.
    [InlineData("http://localhost:5284", "http://0.0.0.0:5000;https://0.0.0.0:443", "may-chu-xa:5000", "/wall/pair?token=x", "https://may-chu-xa/wall/pair?token=x")]
    [InlineData(null, "https://[::]:5001;http://[::]:5000", "192.168.1.10:5000", "/", "https://192.168.1.10:5001/")]
    // Nothing known: no link, only the explanation.
    [InlineData(null, "http://0.0.0.0:5000", "may-chu-xa:5000", "/", null)]
    public void The_https_address_comes_from_the_configured_address_or_an_https_endpoint(string? configured, string addresses, string host, string target, string? expected)
    {
        var pathAndQuery = target.Split('?');
        var address = HttpsRequired.HttpsAddress(configured, addresses.Split(';'), HostString.FromUriComponent(host),
            new PathString(pathAndQuery[0]), pathAndQuery.Length > 1 ? new QueryString("?" + pathAndQuery[1]) : QueryString.Empty);
        Assert.Equal(expected, address);
    }
}
