using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>
/// Pairing a wall screen by its short code, over HTTP as the administrator's browser and the screen's browser would:
/// the administrator registers a screen (or asks for a new code) on <c>/admin/devices</c>, an anonymous client types the
/// code on <c>/wall/pair</c> and opens the wall. The host trusts loopback as its proxy, so each client names its address.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class WallPairingCodeTests : IDisposable
{
    private const string PublicUrl = "https://bang-dieu-hanh.que-minh.test";

    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?>
    {
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["Auth:SignInThrottle:PairingPerAddress"] = "3",
        ["Digests:BaseUrl"] = PublicUrl,
    });

    public void Dispose() => _app.Dispose();

    private static string Token(string page) => Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

    private static string CodeOn(string page) => Regex.Match(page, "data-role=\"pairing-code\">([^<]+)<").Groups[1].Value;

    /// <summary>Registers a screen on the admin page; the answer shows its link and a first code.</summary>
    private async Task<string> RegisterAsync(string name)
    {
        var page = await _app.Http.GetStringAsync("/admin/devices");
        using var response = await _app.Http.PostAsync("/admin/devices", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Units"] = "que-minh", ["Input.Views"] = "overview", ["Input.Seconds[overview]"] = "20",
            ["__RequestVerificationToken"] = Token(page), ["_handler"] = "device",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task<string> AdminPostAsync(string handler)
    {
        var page = await _app.Http.GetStringAsync("/admin/devices");
        using var response = await _app.Http.PostAsync("/admin/devices", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page), ["_handler"] = handler,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private HttpClient Screen(string address)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _app.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    /// <summary>Types the code into the pairing page's form, as the screen's browser posts it.</summary>
    private static async Task<(HttpStatusCode Status, string Page, Uri? Location)> TypeAsync(HttpClient screen, string code)
    {
        var page = await screen.GetStringAsync("/wall/pair");
        using var response = await screen.PostAsync("/wall/pair", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = code, ["__RequestVerificationToken"] = Token(page), ["_handler"] = "pair",
        }));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), response.Headers.Location);
    }

    private static async Task<HttpStatusCode> WallAsync(HttpClient screen)
    {
        using var response = await screen.GetAsync("/wall");
        return response.StatusCode;
    }

    [Fact]
    public async Task A_code_made_by_the_administrator_pairs_an_anonymous_screen_once_and_links_use_the_public_address()
    {
        // The clock stands at 11:00 in Vietnam (04:00 UTC): the code expires at 11:10, shown in Vietnam's time.
        _app.Clock.Stop();
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 4, 0, 0, TimeSpan.Zero));
        var page = await RegisterAsync("Phòng họp tầng 2");
        var code = CodeOn(page);
        Assert.Matches("^[A-HJKMNP-Z2-9]{4} [A-HJKMNP-Z2-9]{4}$", code);
        Assert.Contains("11:10:00", Regex.Match(page, "data-role=\"pairing-code-help\">([^<]+)<").Groups[1].Value);
        Assert.Contains($"{PublicUrl}/wall/pair", page);
        Assert.StartsWith($"{PublicUrl}/wall/pair?token=", Regex.Match(page, "data-role=\"pairing-link\">([^<]+)<").Groups[1].Value);
        Assert.DoesNotContain("data-role=\"public-address-missing\"", page);
        Assert.DoesNotContain(_app.BaseAddress.Authority, page);
        // Later the list tells a code waits, and until when, never the code itself.
        var list = WebUtility.HtmlDecode(await _app.Http.GetStringAsync("/admin/devices"));
        Assert.Contains("Mã chờ nhập, hết hạn lúc 11:10:00", list);
        Assert.DoesNotContain(code, list);

        using var screen = Screen("203.0.113.10");
        Assert.Equal(HttpStatusCode.Redirect, await WallAsync(screen));
        var (status, _, location) = await TypeAsync(screen, code.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/wall", location!.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString);
        Assert.Equal(HttpStatusCode.OK, await WallAsync(screen));

        using var another = Screen("203.0.113.11");
        var (again, refusal, _) = await TypeAsync(another, code);
        Assert.Equal(HttpStatusCode.Forbidden, again);
        Assert.Contains("Mã ghép nối này đã được dùng", refusal);
        Assert.Equal(HttpStatusCode.Redirect, await WallAsync(another));

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();
        Assert.DoesNotContain(await db.WallPairingCodes.Select(c => c.Hash).ToListAsync(), h => h.Contains(code.Replace(" ", "")));
        var actions = await db.Audit.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Contains("wall-code-issued", actions);
        Assert.Contains("wall-paired", actions);
        Assert.Contains("wall-pair-refused", actions);
    }

    [Fact]
    public async Task An_expired_or_cancelled_code_is_refused_with_its_reason()
    {
        _app.Clock.Stop();
        var expiring = CodeOn(await RegisterAsync("Phòng họp"));
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        using var screen = Screen("203.0.113.20");
        var (status, page, _) = await TypeAsync(screen, expiring);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Mã ghép nối đã hết hạn", page);
        Assert.Equal(HttpStatusCode.Redirect, await WallAsync(screen));

        // A new code for the same screen, then "Huỷ mã" on the admin page.
        var id = Regex.Match(await _app.Http.GetStringAsync("/admin/devices"), "data-device=\"(\\d+)\"").Groups[1].Value;
        var issued = await AdminPostAsync($"code-{id}");
        var code = CodeOn(issued);
        var codeId = Regex.Match(issued, "name=\"_handler\" value=\"cancel-code-(\\d+)\"").Groups[1].Value;
        Assert.Contains("Đã huỷ mã ghép nối của «Phòng họp».", await AdminPostAsync($"cancel-code-{codeId}"));
        var (cancelled, refusal, _) = await TypeAsync(screen, code);
        Assert.Equal(HttpStatusCode.Forbidden, cancelled);
        Assert.Contains("Mã ghép nối này đã bị huỷ", refusal);
    }

    [Fact]
    public async Task Wrong_codes_from_one_address_are_throttled_and_another_address_still_pairs()
    {
        var code = CodeOn(await RegisterAsync("Hội trường"));
        var wrong = code.StartsWith('A') ? "BBBB BBBB" : "AAAA AAAA";
        using var guesser = Screen("198.51.100.66");
        for (var i = 0; i < 3; i++)
        {
            var (status, page, _) = await TypeAsync(guesser, i == 0 ? "O0O0-1I1L" : wrong);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Contains(i == 0 ? "Mã ghép nối gồm đúng 8 ký tự" : "Mã ghép nối không đúng", page);
        }
        // The fourth try in the window is not even checked, the right code included.
        var (throttled, answer, _) = await TypeAsync(guesser, code);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled);
        Assert.Contains("Đã nhập mã ghép nối quá nhiều lần từ địa chỉ này. Hãy thử lại sau 15 phút.", answer);
        Assert.Equal(HttpStatusCode.Redirect, await WallAsync(guesser));

        using var screen = Screen("198.51.100.7");
        Assert.Equal(HttpStatusCode.Redirect, (await TypeAsync(screen, code)).Status);
        Assert.Equal(HttpStatusCode.OK, await WallAsync(screen));
    }
}
