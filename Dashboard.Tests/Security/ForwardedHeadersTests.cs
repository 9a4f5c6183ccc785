using System.Net;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>
/// X-Forwarded-For (and -Proto) are believed only from a proxy named in configuration: by default from nobody,
/// not even loopback, so the audit trail records the address the connection really came from.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ForwardedHeadersTests
{
    private static async Task<AuditEntry> SignInFromAsync(DashboardApp app, string claimed)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", claimed);
        await app.CreateUserAsync("van-thu", Roles.Editor, "que-minh");
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardApp.SignInAsync(client, "van-thu", DashboardApp.Password)).StatusCode);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();
        return await db.Audit.Where(e => e.Who == "van-thu" && e.Action == "sign-in").SingleAsync();
    }

    [Fact]
    public async Task By_default_a_forwarded_address_is_not_believed_even_from_loopback()
    {
        using var app = new DashboardApp();
        var entry = await SignInFromAsync(app, "203.0.113.9");
        Assert.Equal("127.0.0.1", entry.Address);
    }

    [Fact]
    public async Task A_configured_proxy_is_believed()
    {
        using var app = new DashboardApp(settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        var entry = await SignInFromAsync(app, "203.0.113.9");
        Assert.Equal("203.0.113.9", entry.Address);
    }

    [Fact]
    public async Task A_proxy_outside_the_configured_networks_is_not_believed()
    {
        using var app = new DashboardApp(settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "10.20.0.0/16" });
        var entry = await SignInFromAsync(app, "203.0.113.9");
        Assert.Equal("127.0.0.1", entry.Address);
    }
}
