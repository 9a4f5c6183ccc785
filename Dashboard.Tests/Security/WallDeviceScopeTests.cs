using System.Net;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Wall;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>A paired wall screen opens the wall and what the wall needs, and none of a person's account pages.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class WallDeviceScopeTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_wall_screen_cannot_open_a_persons_account_pages()
    {
        var (_, secret) = await _app.Services.GetRequiredService<WallDevices>().CreateAsync("Phòng họp", ["que-minh"], WallPlaylist.Default, "tests");
        var cookies = new CookieContainer();
        using var device = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = _app.BaseAddress };
        using (var paired = await device.GetAsync($"/wall/pair?token={Uri.EscapeDataString(secret)}"))
            Assert.EndsWith("/wall", paired.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("/wall")).StatusCode);

        using (var page = await device.GetAsync("/account/change-password"))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Contains("/account/login", page.Headers.Location!.OriginalString);
        }

        // Signing out is a person's action: the screen's post is turned away before it reaches the endpoint (no audit line).
        var wall = await device.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(wall, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using (var logout = await device.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
            Assert.Contains("/account/login", logout.Headers.Location!.OriginalString);
        }
        await using var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Dashboard.Web.Accounts.AccountsDbContext>>().CreateDbContextAsync();
        Assert.DoesNotContain(db.Audit, e => e.Action == "sign-out");
        // Still paired: the wall opens.
        Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("/wall")).StatusCode);
    }
}
