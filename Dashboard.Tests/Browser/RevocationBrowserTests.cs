using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>An open page of a person an administrator locks out is cut off and sent to the sign-in page, without a reload.</summary>
[Collection(HostCollection.Name)]
public sealed class RevocationBrowserTests : IAsyncLifetime
{
    private readonly DashboardApp _app = new();
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task A_locked_out_persons_open_page_goes_to_the_sign_in_page_and_stays_there()
    {
        await _app.CreateUserAsync("chu-tich", Roles.Viewer, "que-minh");
        var page = await _browser.NewPageAsync(_app, signedIn: false);
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/account/login?ReturnUrl=%2F");
        await page.Locator("input[name='Input.UserName']").FillAsync("chu-tich");
        await page.Locator("input[name='Input.Password']").FillAsync(DashboardApp.Password);
        await page.Locator("[data-role='login-form'] button[type='submit']").ClickAsync();
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();

        string id;
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync())
            id = await db.Users.Where(u => u.UserName == "chu-tich").Select(u => u.Id).SingleAsync();
        var admin = await _app.Http.GetStringAsync("/admin/users");
        var token = Regex.Match(admin, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using (var locked = await _app.Http.PostAsync("/admin/users", new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["__RequestVerificationToken"] = token, ["_handler"] = $"lock-{id}",
               })))
            Assert.Equal(HttpStatusCode.OK, locked.StatusCode);

        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(page.Locator("[data-role='login-form']")).ToBeVisibleAsync();
        // The cookie the browser still holds opens nothing.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.ScreenshotAsync(new() { Path = Infrastructure.Browser.ArtifactPath("locked-out-to-sign-in.png") });
    }
}
