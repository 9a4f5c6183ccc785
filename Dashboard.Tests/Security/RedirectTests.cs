using System.Net;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Security;

/// <summary>The language switch and the sign-in return only to a page of this site: anything else goes to the overview.</summary>
[Collection(HostCollection.Name)]
public sealed class RedirectTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly DashboardApp _app = shared.App;

    public static TheoryData<string> Foreign => new()
    {
        "/\\evil.example", "//evil.example", "/\\/evil.example", "https://evil.example/", "http:/evil.example", "evil.example",
        "/\t/evil.example", "\\\\evil.example", "~//evil.example", " //evil.example", "/\r\n/evil.example",
    };

    [Theory]
    [MemberData(nameof(Foreign))]
    public async Task A_foreign_or_malformed_culture_redirect_goes_to_the_overview(string redirect)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _app.BaseAddress };
        using var response = await client.GetAsync($"/culture/en-US?redirect={Uri.EscapeDataString(redirect)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_local_culture_redirect_is_kept()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _app.BaseAddress };
        using var response = await client.GetAsync($"/culture/vi-VN?redirect={Uri.EscapeDataString("/kpi/sipas?unit=que-an&period=2026-11")}");
        Assert.Equal("/kpi/sipas?unit=que-an&period=2026-11", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(Foreign))]
    public async Task A_foreign_sign_in_return_address_goes_to_the_overview(string returnUrl)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _app.BaseAddress };
        var page = await client.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "login", ["Input.UserName"] = DashboardApp.AdminName,
            ["Input.Password"] = DashboardApp.Password, ["Input.ReturnUrl"] = returnUrl,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // The sign-in page answers with an absolute address on this site.
        Assert.Equal(new Uri(_app.BaseAddress, "/"), new Uri(_app.BaseAddress, response.Headers.Location!));
    }
}
