using Dashboard.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// In real Chromium: an administrator creates the 2026 plan from the 2023 one, raises a target so a KPI's status flips, and
/// publishes it; the overview then judges 2026 against the new target while a 2023 view keeps the old one.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class PlanBrowserTests : IAsyncLifetime
{
    private readonly DashboardApp _app = new();
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app.Dispose();
    }

    private static readonly AxeRunOptions Wcag = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>No serious or critical WCAG 2.1 AA violation, as AccessibilityBrowserTests requires of every other page.</summary>
    private static async Task AssertAccessibleAsync(IPage page)
    {
        var problems = (await page.RunAxe(Wcag)).Violations.Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes.Take(3).Select(n => $"{v.Id} ({v.Impact}) {v.Help} at {n.Html}")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task An_administrator_publishes_the_2026_plan_and_2026_is_judged_by_it_while_2023_keeps_the_2023_plan()
    {
        // SIPAS 92 % in 2023 and in 2026: met against the 2023 plan's "> 90".
        foreach (var period in new[] { "2023", "2026" })
            (await _app.PostReadingsAsync(new { unit = "que-minh", kpi = "sipas", period, value = 92, source = "khao-sat-sipas" })).EnsureSuccessStatusCode();
        var page = await _browser.NewPageAsync(_app, width: 1366, height: 768);
        await page.GotoAsync("/");
        var tile = page.Locator("[data-kpi='sipas']");
        await Expect(tile.Locator("[data-role='status']")).ToHaveTextAsync("Đạt");
        await Expect(tile.Locator("[data-role='target']")).ToContainTextAsync("> 90");

        // From the admin pages' navigation to the plans; the 2026 draft copied from the plan in force in 2023.
        await page.GotoAsync("/admin/audit");
        await page.Locator(".admin-nav a[href='/admin/plans']").ClickAsync();
        await page.WaitForURLAsync("**/admin/plans");
        await Expect(page.Locator("tr[data-plan='shipped'] [data-role='state']")).ToHaveTextAsync("Đang có hiệu lực");
        await Expect(page.Locator("tr[data-plan='shipped'] [data-role='applies']")).ToHaveTextAsync("mọi năm");
        await page.Locator("[data-role='create-year']").FillAsync("2026");
        await page.Locator("[data-role='create-from']").SelectOptionAsync("2023");
        await page.Locator("[data-role='create']").ClickAsync();
        await Expect(page.Locator("[data-role='plan-created']")).ToHaveTextAsync("Đã tạo bản nháp kế hoạch năm 2026.");
        await Expect(page.Locator("[data-role='plan-title'] [data-role='state']")).ToHaveTextAsync("Bản nháp");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("plan-draft.png"), FullPage = true });
        await AssertAccessibleAsync(page);

        // SIPAS must now be above 95: 92 is short of it (and above the amber 80).
        var row = page.Locator("tr[data-kpi='sipas']");
        await Expect(row.Locator("[data-role='target']")).ToHaveValueAsync("90");
        await row.Locator("[data-role='target']").FillAsync("95");
        await page.Locator("[data-role='save']").ClickAsync();
        await Expect(page.Locator("[data-role='plan-saved']")).ToHaveTextAsync("Đã lưu bản nháp kế hoạch năm 2026.");
        await Expect(page.Locator("tr[data-kpi='sipas'] [data-role='target']")).ToHaveValueAsync("95");

        // Publishing asks first; cancelling publishes nothing.
        await page.Locator("[data-role='publish']").ClickAsync();
        await Expect(page.Locator("[data-role='publish-confirm']")).ToContainTextAsync("Ban hành kế hoạch năm 2026?");
        await page.Locator("[data-role='publish-cancel']").ClickAsync();
        await Expect(page.Locator("[data-role='publish-confirm']")).ToHaveCountAsync(0);
        await page.Locator("[data-role='publish']").ClickAsync();
        await page.Locator("[data-role='publish-yes']").ClickAsync();
        await Expect(page.Locator("[data-role='plans-published']")).ToContainTextAsync("Đã ban hành kế hoạch năm 2026");
        await Expect(page.Locator("tr[data-year='2026'] [data-role='state']")).ToHaveTextAsync("Đang có hiệu lực");
        await Expect(page.Locator("tr[data-year='2026'] [data-role='applies']")).ToHaveTextAsync("từ năm 2026");
        await Expect(page.Locator("tr[data-plan='shipped'] [data-role='applies']")).ToHaveTextAsync("đến hết năm 2025");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("plans.png"), FullPage = true });
        await AssertAccessibleAsync(page);

        // The overview (2026 today) judges SIPAS against the 2026 plan.
        await page.GotoAsync("/");
        await Expect(tile.Locator("[data-role='status']")).ToHaveTextAsync("Cần chú ý");
        await Expect(tile.Locator("[data-role='target']")).ToContainTextAsync("> 95");
        await Expect(page.Locator("p.plan-source")).ToContainTextAsync("năm 2026");

        // 2023 still reads against the 2023 plan, 2026 against the new one.
        await page.GotoAsync("/kpi/sipas?unit=que-minh&period=year&date=2023-12-31");
        await Expect(page.Locator("[data-role='figure-status']")).ToHaveTextAsync("Đạt");
        await Expect(page.Locator("[data-role='target']")).ToContainTextAsync("> 90");
        await page.GotoAsync("/kpi/sipas?unit=que-minh&period=year&date=2026-11-27");
        await Expect(page.Locator("[data-role='figure-status']")).ToHaveTextAsync("Cần chú ý");
        await Expect(page.Locator("[data-role='target']")).ToContainTextAsync("> 95");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("plans-kpi-2026.png"), FullPage = true });
    }
}
