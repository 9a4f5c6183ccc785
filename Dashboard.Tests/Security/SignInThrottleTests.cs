using System.Net;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>
/// Guessing passwords is slowed per address and per address and name, never by locking the account: a stranger cannot
/// lock the chairman out, and the sign-in answer never tells whether an account exists or is locked. The host trusts
/// loopback as its proxy (the nginx-on-the-same-host layout), so each client here names its address in X-Forwarded-For.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class SignInThrottleTests : IDisposable
{
    private const string Stranger = "203.0.113.66";
    private const string Chairman = "198.51.100.5";

    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

    public void Dispose() => _app.Dispose();

    private HttpClient From(string address)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _app.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static async Task<(HttpStatusCode Status, string Page)> SignInAsync(HttpClient client, string user, string password)
    {
        using var response = await DashboardApp.SignInAsync(client, user, password);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();
        return await db.Audit.OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task A_strangers_guesses_are_throttled_with_a_clear_page_and_never_lock_the_real_user_out()
    {
        await _app.CreateUserAsync("chu-tich", Roles.Viewer, "que-minh");
        using var stranger = From(Stranger);
        string? throttled = null;
        var failures = 0;
        for (var i = 0; i < 40 && throttled is null; i++)
        {
            var (status, page) = await SignInAsync(stranger, "chu-tich", "doan-mo-" + i);
            if (status == HttpStatusCode.TooManyRequests) throttled = page;
            else
            {
                Assert.Equal(HttpStatusCode.Unauthorized, status);
                failures++;
            }
        }
        Assert.NotNull(throttled);
        Assert.Contains("Bạn đã thử đăng nhập quá nhiều lần", throttled);
        Assert.Matches(@"Hãy thử lại sau \d+ phút", throttled);
        // Even the right password waits its turn from that address and name.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(stranger, "chu-tich", DashboardApp.Password)).Status);

        // The chairman, from his own tablet, signs in at once: the account was never locked.
        using var tablet = From(Chairman);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(tablet, "chu-tich", DashboardApp.Password)).Status);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            Assert.False(await users.IsLockedOutAsync((await users.FindByNameAsync("chu-tich"))!));
        }

        // Every refused attempt that reached the form is in the audit trail, with the address the proxy vouched for.
        var audit = await AuditAsync();
        Assert.Equal(failures, audit.Count(e => e is { Who: "chu-tich", Action: "sign-in-failed", Address: Stranger }));
        Assert.Contains(audit, e => e is { Who: "chu-tich", Action: "sign-in", Address: Chairman });
    }

    [Fact]
    public async Task Guessing_many_names_from_one_address_is_throttled_too_and_other_addresses_are_not()
    {
        using var stranger = From(Stranger);
        var throttled = false;
        for (var i = 0; i < 60 && !throttled; i++)
            throttled = (await SignInAsync(stranger, "ten-" + i, "doan-mo")).Status == HttpStatusCode.TooManyRequests;
        Assert.True(throttled);

        using var office = From(Chairman);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(office, DashboardApp.AdminName, DashboardApp.Password)).Status);
    }

    [Fact]
    public async Task The_answer_is_the_same_for_a_wrong_password_an_unknown_name_and_a_locked_account()
    {
        await _app.CreateUserAsync("van-thu", Roles.Editor, "que-minh");
        await _app.CreateUserAsync("da-nghi", Roles.Viewer, "que-minh");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByNameAsync("da-nghi"))!, DateTimeOffset.MaxValue);
        }

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var (user, password, address) in new[]
                 {
                     ("van-thu", "sai-mat-khau", "192.0.2.1"), ("khong-co-ai", "bat-ky-mat-khau", "192.0.2.2"),
                     ("da-nghi", DashboardApp.Password, "192.0.2.3"), ("da-nghi", "sai-mat-khau", "192.0.2.4"),
                 })
        {
            using var client = From(address);
            var (status, page) = await SignInAsync(client, user, password);
            var error = System.Text.RegularExpressions.Regex.Match(page, "data-role=\"login-error\">([^<]*)<").Groups[1].Value;
            answers.Add((status, error));
        }
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Unauthorized, "Tên đăng nhập hoặc mật khẩu không đúng."), a));

        var audit = await AuditAsync();
        Assert.Contains(audit, e => e is { Who: "da-nghi", Action: "sign-in-locked-out" });
        Assert.Contains(audit, e => e is { Who: "khong-co-ai", Action: "sign-in-failed" });
    }
}
