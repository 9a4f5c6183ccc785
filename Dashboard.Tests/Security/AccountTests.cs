using System.Net;
using System.Threading.Channels;
using Dashboard.Shared.Live;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class AccountTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();
        return await db.Audit.OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Wrong_passwords_never_lock_the_account_and_each_is_audited()
    {
        // Guessing is slowed by the sign-in throttle (SignInThrottleTests), not by locking: the real person still signs in.
        await _app.CreateUserAsync("van-thu", Roles.Editor, "que-minh");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _app.BaseAddress };
        for (var i = 0; i < 6; i++)
        {
            var wrong = await DashboardApp.SignInAsync(client, "van-thu", "sai-mat-khau-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("Tên đăng nhập hoặc mật khẩu không đúng", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));
        }
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardApp.SignInAsync(client, "van-thu", DashboardApp.Password)).StatusCode);

        var audit = await AuditAsync();
        Assert.Equal(6, audit.Count(e => e.Who == "van-thu" && e.Action == "sign-in-failed"));
        Assert.Equal(0, audit.Count(e => e.Action == "sign-in-locked-out"));
        Assert.Equal(1, audit.Count(e => e.Who == "van-thu" && e.Action == "sign-in"));
    }

    [Fact]
    public async Task The_jobs_console_refuses_a_non_admin_even_from_loopback_through_a_proxy()
    {
        await _app.CreateUserAsync("lanh-dao", Roles.Viewer, "que-minh");
        using var viewer = await _app.SignedInClientAsync("lanh-dao", DashboardApp.Password, followRedirects: false);
        using var relayed = new HttpRequestMessage(HttpMethod.Get, "/jobs");
        relayed.Headers.Add("X-Forwarded-For", "127.0.0.1");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.SendAsync(relayed)).StatusCode);

        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _app.BaseAddress };
        using var anonymousRelayed = new HttpRequestMessage(HttpMethod.Get, "/jobs");
        anonymousRelayed.Headers.Add("X-Forwarded-For", "127.0.0.1");
        var response = await anonymous.SendAsync(anonymousRelayed);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, (await _app.Http.GetAsync("/jobs")).StatusCode);
    }

    [Fact]
    public async Task A_commune_user_sees_only_that_commune_on_pages_exports_api_and_hub()
    {
        await _app.CreateUserAsync("chu-tich", Roles.Viewer, "que-minh");
        var jar = new CookieContainer();
        using var chairman = await _app.SignedInClientAsync("chu-tich", DashboardApp.Password, followRedirects: false, cookies: jar);
        foreach (var url in new[] { "/?unit=que-minh", "/kpi/sipas?unit=que-minh", "/scores?unit=que-minh", "/export/kpi/sipas.xlsx?unit=que-minh", "/api/v1/snapshot?unit=que-minh" })
            Assert.Equal(HttpStatusCode.OK, (await chairman.GetAsync(url)).StatusCode);
        foreach (var url in new[] { "/?unit=que-an", "/kpi/sipas?unit=que-an", "/scores?unit=que-an", "/kpi/sipas/print?unit=que-an" })
        {
            var response = await chairman.GetAsync(url);
            Assert.True(response.Headers.Location?.OriginalString.Contains("/account/access-denied") == true, $"{url}: {response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await chairman.GetAsync("/export/kpi/sipas.xlsx?unit=que-an")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await chairman.GetAsync("/api/v1/snapshot?unit=que-an")).StatusCode);

        // The hub: signed in as the chairman (his cookie), he gets Quế Minh's change and never Quế An's.
        var cookie = $"dashboard.auth={jar.GetCookies(_app.BaseAddress)["dashboard.auth"]!.Value}";
        var received = Channel.CreateUnbounded<KpiSnapshotDto>();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.BaseAddress, "/hubs/kpi"), o => o.Headers["Cookie"] = cookie)
            .Build();
        connection.On<List<KpiSnapshotDto>>("kpiChanged", batch =>
        {
            foreach (var s in batch) received.Writer.TryWrite(s);
        });
        await _app.StartHubAsync(connection);
        (await _app.PostReadingsAsync(new { unit = "que-an", kpi = "sipas", period = "2026-11", value = 70, source = "khao-sat" })).EnsureSuccessStatusCode();
        (await _app.PostReadingsAsync(new { unit = "que-minh", kpi = "sipas", period = "2026-11", value = 91, source = "khao-sat" })).EnsureSuccessStatusCode();
        using var timeout = new CancellationTokenSource(Wait.Generous);
        var first = await received.Reader.ReadAsync(timeout.Token);
        // Quế An's change was stored first and a connection delivers in order: had it been sent, it would have come first.
        Assert.Equal("que-minh", first.Unit);
        while (received.Reader.TryRead(out var more)) Assert.Equal("que-minh", more.Unit);
    }
}
