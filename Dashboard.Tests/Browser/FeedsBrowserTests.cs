using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class FeedsBrowserTests : IAsyncLifetime
{
    private FakeSource _source = default!;
    private DashboardApp _app = default!;
    private Infrastructure.Browser _browser = default!;
    private bool _broken = true;

    public async Task InitializeAsync()
    {
        _source = await FakeSource.StartAsync(app => app.MapGet("/so-lieu", () => _broken
            ? Results.StatusCode(503)
            : Results.Json(new object[]
            {
                new { unit = "que-minh", kpi = "sipas", period = "2026-11", value = 94 },
                new { unit = "que-minh", kpi = "sipas", period = "2026-13", value = 94 },
            })));
        _app = new DashboardApp(settings: new Dictionary<string, string?>
        {
            // The source's 503 is retried (docs/feeds.md): short waits keep the failed run quick.
            ["FeedHttp:RetryDelay"] = "00:00:00.050",
            ["Feeds:khao-sat-sipas:Kind"] = "http-json",
            ["Feeds:khao-sat-sipas:NameVi"] = "Khảo sát SIPAS",
            ["Feeds:khao-sat-sipas:NameEn"] = "SIPAS survey",
            ["Feeds:khao-sat-sipas:CadenceMinutes"] = "1440",
            ["Feeds:khao-sat-sipas:Cron"] = "0 6 * * *",
            ["Feeds:khao-sat-sipas:Settings:Url"] = _source.Url("/so-lieu"),
            ["Feeds:khao-sat-sipas:Settings:Fields:unit"] = "unit",
            ["Feeds:khao-sat-sipas:Settings:Fields:kpi"] = "kpi",
            ["Feeds:khao-sat-sipas:Settings:Fields:period"] = "period",
            ["Feeds:khao-sat-sipas:Settings:Fields:value"] = "value",
        });
        _browser = await Infrastructure.Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app.Dispose();
        await _source.DisposeAsync();
    }

    [Fact]
    public async Task The_feeds_page_shows_a_failed_run_and_its_error_then_the_rejected_rows_of_a_good_one()
    {
        var page = await _browser.NewPageAsync(_app);
        await page.GotoAsync("/feeds");
        // A click on the prerendered page, before the circuit starts, would go nowhere.
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        var card = page.Locator("[data-feed='khao-sat-sipas']");
        await Expect(card.Locator("h2")).ToContainTextAsync("Khảo sát SIPAS");
        await Expect(card.Locator("[data-role='next-run']")).Not.ToHaveTextAsync("Chưa có");

        await card.Locator("[data-action='run-now']").ClickAsync();

        // The run fails at the source; the page shows it live, with the error.
        await Expect(card.Locator("tr[data-outcome='failed']")).ToHaveCountAsync(1);
        await Expect(card.Locator("[data-role='last-error']")).ToContainTextAsync("HTTP 503");
        await Expect(card.Locator("[data-role='last-success']")).ToHaveTextAsync("Chưa có");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("feeds-failed-run.png"), FullPage = true });

        // The source recovers: the next run succeeds, one row is rejected with its reason, downloadable as CSV.
        _broken = false;
        await card.Locator("[data-action='run-now']").ClickAsync();
        await Expect(card.Locator("tr[data-outcome='succeeded']")).ToHaveCountAsync(1);
        await Expect(card.Locator("[data-role='last-success']")).Not.ToHaveTextAsync("Chưa có");
        await card.Locator("tr[data-outcome='succeeded'] .link-button").ClickAsync();
        await Expect(card.Locator("tr.rejections")).ToContainTextAsync("2026-13");

        var href = await card.Locator("tr[data-outcome='succeeded'] a[download]").GetAttributeAsync("href");
        var csv = await _app.Http.GetStringAsync("/" + href);
        Assert.StartsWith("dong,truong,ly_do", csv.TrimStart('\uFEFF'));
        Assert.Contains("\"period\"", csv);
        Assert.Contains("2026-13", csv);

        // The figure reached the overview as well.
        Assert.Equal(94m, (await _app.GetSnapshotAsync()).Kpi("sipas").Value);
    }

    [Fact]
    public async Task Staff_edit_a_feeds_schedule_and_a_bad_cron_is_refused_with_the_reason()
    {
        var page = await _browser.NewPageAsync(_app);
        await page.GotoAsync("/feeds");
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        var card = page.Locator("[data-feed='khao-sat-sipas']");

        await card.Locator("[data-action='edit']").ClickAsync();
        await card.Locator("input[name='cron']").FillAsync("0 25 * * *");
        await card.Locator("button[type='submit']").ClickAsync();
        await Expect(card.Locator(".feed-edit [role='alert']")).ToContainTextAsync("0 25 * * *");

        await card.Locator("input[name='cron']").FillAsync("30 7 * * 1-5");
        await card.Locator("input[name='cadence']").FillAsync("60");
        await card.Locator("button[type='submit']").ClickAsync();
        await Expect(card.Locator(".feed-edit")).ToHaveCountAsync(0);
        await Expect(card.Locator(".feed-facts")).ToContainTextAsync("30 7 * * 1-5");
        await Expect(card.Locator(".feed-facts")).ToContainTextAsync("60 phút");

        // The schedule reached Hangfire: the recurring job now has that cron, in Vietnamese time.
        using var connection = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Hangfire.JobStorage>(_app.Services).GetConnection();
        var job = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Single(j => j.Id == "feed-khao-sat-sipas");
        Assert.Equal("30 7 * * 1-5", job.Cron);
        Assert.Equal("Asia/Ho_Chi_Minh", job.TimeZoneId);
    }

    [Fact]
    public async Task A_leader_with_read_only_access_cannot_open_the_feeds_page()
    {
        await _app.CreateUserAsync("lanh-dao", Dashboard.Web.Accounts.Roles.Viewer, "que-minh");
        using var viewer = await _app.SignedInClientAsync("lanh-dao", DashboardApp.Password);
        var response = await viewer.GetAsync("/feeds");
        Assert.Equal("/account/access-denied", response.RequestMessage!.RequestUri!.AbsolutePath);
    }
}
