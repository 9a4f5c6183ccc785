using Dashboard.Shared.Catalog;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Wall;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// axe-core over every page a person uses, with demo data filling them: no serious or critical violation of WCAG 2.1
/// A/AA. Hangfire's own /jobs dashboard is not ours to restyle and is left out.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class AccessibilityBrowserTests(DemoSite site) : IClassFixture<DemoSite>, IAsyncLifetime
{
    private readonly DashboardApp _app = site.App;
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
    }

    private static readonly AxeRunOptions Wcag = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private static async Task<IEnumerable<string>> ProblemsAsync(IPage page, string where)
    {
        var result = await page.RunAxe(Wcag);
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes.Take(3).Select(n => $"{where}: {v.Id} ({v.Impact}) {v.Help} at {n.Html}"));
    }

    [Fact]
    public async Task Every_page_of_the_office_and_the_leaders_passes_axe()
    {
        string[] pages =
        [
            "/", "/kpi/ho-so-tre-han", "/kpi/xep-hang-dti?period=year", "/kpi/ho-so-tre-han/print", "/scores", "/scores/print",
            "/scores/manage", "/briefing", "/feeds", "/import", "/digests", "/admin/users", "/admin/devices", "/admin/api-keys",
            "/admin/audit", "/admin/plans", await site.PlanDraftAsync(), "/admin/units", "/account/change-password",
        ];
        var page = await _browser.NewPageAsync(_app, 1366, 768);
        var found = new List<string>();
        foreach (var path in pages)
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            // A live page is checked once its circuit runs: while it starts, the head (its <title>) is briefly being replaced.
            if (!path.StartsWith("/admin/") && !path.StartsWith("/account/") && !path.EndsWith("/print"))
                await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync(new() { Timeout = 90_000 });
            await page.WaitForFunctionAsync("() => document.title.trim().length > 0", null, new() { Timeout = 30_000 });
            found.AddRange(await ProblemsAsync(page, path));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task The_sign_in_page_and_every_wall_view_pass_axe()
    {
        var anonymous = await _browser.NewPageAsync(_app, 1366, 768, signedIn: false);
        await anonymous.GotoAsync("/account/login");
        var found = new List<string>(await ProblemsAsync(anonymous, "/account/login"));

        var (_, secret) = await _app.Services.GetRequiredService<WallDevices>()
            .CreateAsync("Phòng họp UBND", ["que-minh"], WallPlaylist.Default, "tests");
        var wall = await _browser.NewPageAsync(_app, 1920, 1080, signedIn: false);
        await wall.GotoAsync($"/wall/pair?token={Uri.EscapeDataString(secret)}");
        await Expect(wall.Locator(".wall[data-interactive='true']")).ToBeVisibleAsync();
        foreach (var view in Enum.GetValues<WallView>())
        {
            var id = WallPlaylist.Id(view);
            await wall.GotoAsync($"/wall?view={id}");
            await Expect(wall.Locator($".wall[data-view='{id}'][data-interactive='true']")).ToBeVisibleAsync();
            // Each view is a page of its own on the screen: it says what it shows in a heading.
            await Expect(wall.Locator("h1")).ToHaveCountAsync(1);
            found.AddRange(await ProblemsAsync(wall, $"/wall?view={id}"));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }
}
