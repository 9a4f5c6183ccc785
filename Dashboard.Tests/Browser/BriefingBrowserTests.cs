using System.Globalization;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>The chairman's briefing on a 1024×768 touch tablet: every area of the plan, one screen each.</summary>
[Collection(HostCollection.Name)]
public sealed class BriefingBrowserTests : IAsyncLifetime
{
    // The plan's areas as the briefing steps through them after its summary: 3.1, the only one off track in the test,
    // first; the others (nothing off track) in catalog order (seeds/kpi-catalog.json).
    private static readonly string[] Areas = ["3.1", "2.1", "2.2", "3.2", "3.3", "3.4", "3.5", "3.6", "II.1"];

    private readonly DashboardApp _app = new();
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app.Dispose();
    }

    private string ThisMonth => _app.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private string ThisYear => _app.Today.ToString("yyyy", CultureInfo.InvariantCulture);

    private async Task PostAsync(string kpi, decimal value, string? period = null) =>
        (await _app.PostReadingsAsync(new { unit = "que-minh", kpi, period = period ?? ThisMonth, value, source = "bao-cao-xa" })).EnsureSuccessStatusCode();

    [Fact]
    public async Task The_chairman_steps_through_every_area_by_tap_swipe_and_keys_off_track_first_with_owners_live()
    {
        // Area 3.1 (catalog order: ra-soat-vbqppl, theo-doi-thi-hanh-phap-luat, bao-cao-tu-phap-dung-han).
        await PostAsync("bao-cao-tu-phap-dung-han", 95);   // ≥ 100, amber from 90: needs attention
        await PostAsync("ra-soat-vbqppl", 70);             // ≥ 100, amber from 80: not met

        await _app.CreateUserAsync("chu-tich", Dashboard.Web.Accounts.Roles.Viewer, "que-minh");
        // The chairman signs in on the tablet himself: the sign-in form, then back to where he was going.
        var page = await _browser.NewPageAsync(_app, width: 1024, height: 768, touch: true, signedIn: false);
        await page.GotoAsync("/briefing");
        await page.WaitForURLAsync("**/account/login?ReturnUrl=%2Fbriefing");
        await page.Locator("input[name='Input.UserName']").FillAsync("chu-tich");
        await page.Locator("input[name='Input.Password']").FillAsync(DashboardApp.Password);
        await page.Locator("[data-role='login-form'] button[type='submit']").TapAsync();
        await page.WaitForURLAsync("**/briefing");
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        // It opens on the summary: the counts, and every area with those most off track first, each a tap away.
        await Expect(page.Locator("[data-role='position']")).ToHaveTextAsync("Tổng hợp · 1/10");
        await Expect(page.Locator("h1[data-role='area-name']")).ToHaveTextAsync("Tổng hợp trước giao ban");
        await Expect(page.Locator("[data-role='area-summary']")).ToContainTextAsync("1 không đạt · 1 cần chú ý · 0 đạt");
        Assert.Equal(Areas, await page.Locator("[data-role='areas'] > li").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.area)"));
        var first = page.Locator("[data-role='areas'] > li").First;
        await Expect(first).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("status-not-met"));
        await Expect(first.Locator("[data-role='area-counts']")).ToHaveTextAsync("1 không đạt · 1 cần chú ý · 0 đạt · 1 chưa có dữ liệu");
        await Expect(first.Locator("[data-role='area-off-track']")).ToContainTextAsync("Hoàn thành kế hoạch rà soát");
        await Expect(page.Locator("[data-role='previous-area']")).ToHaveCountAsync(0);
        await page.EvaluateAsync("window.__noReload = 'still-here'");
        await first.Locator("[data-role='area-link']").TapAsync();
        await Expect(page.Locator("[data-role='position']")).ToHaveTextAsync("Mục 3.1 · 2/10");
        await page.Locator("[data-role='previous-area']").TapAsync();
        await Expect(page.Locator("[data-role='position']")).ToHaveTextAsync("Tổng hợp · 1/10");

        // Every area in turn: big buttons, tapped; one step by a swipe to the left.
        for (var i = 0; i < Areas.Length; i++)
        {
            if (i == 4) await SwipeAsync(page, toTheLeft: true);
            else await page.Locator("[data-role='next-area']").TapAsync();

            await Expect(page.Locator("[data-role='position']")).ToHaveTextAsync($"Mục {Areas[i]} · {i + 2}/10");
            Assert.Contains($"area={Uri.EscapeDataString(Areas[i])}", page.Url);
            Assert.Contains("unit=que-minh", page.Url);
            await Expect(page.Locator("[data-role='kpis'] > li").First).ToBeVisibleAsync();
        }
        await Expect(page.Locator("[data-role='next-area']")).ToHaveCountAsync(0);
        // A step is a plain navigation inside the live page, never a reload.
        Assert.Equal("still-here", await page.EvaluateAsync<string>("window.__noReload"));

        // Back to 3.1: a swipe to the right, then the arrow keys.
        await SwipeAsync(page, toTheLeft: false);
        await Expect(page.Locator("[data-role='position']")).ToHaveTextAsync("Mục 3.6 · 9/10");
        for (var i = 0; i < 7; i++)
        {
            var before = await page.Locator("[data-role='position']").InnerTextAsync();
            await page.Keyboard.PressAsync("ArrowLeft");
            await Expect(page.Locator("[data-role='position']")).Not.ToHaveTextAsync(before);
        }
        await Expect(page.Locator("[data-role='position']")).ToHaveTextAsync("Mục 3.1 · 2/10");
        Assert.EndsWith("/briefing?unit=que-minh&area=3.1", page.Url);

        // Off track first, each with its owner; no data last.
        var rows = page.Locator("[data-role='kpis'] > li");
        await Expect(rows).ToHaveCountAsync(3);
        Assert.Equal(["ra-soat-vbqppl", "bao-cao-tu-phap-dung-han", "theo-doi-thi-hanh-phap-luat"], await KpiOrderAsync(page));
        Assert.Equal(["NotMet", "Warning", "NoData"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.status)"));
        await Expect(rows.Nth(0).Locator("[data-role='status']")).ToHaveTextAsync("Không đạt");
        await Expect(rows.Nth(1).Locator("[data-role='status']")).ToHaveTextAsync("Cần chú ý");
        await Expect(rows.Nth(2).Locator("[data-role='status']")).ToHaveTextAsync("Chưa có dữ liệu");
        foreach (var owner in await rows.Locator("[data-role='owner']").AllInnerTextsAsync())
            Assert.Equal("Công chức Tư pháp – Hộ tịch xã", owner);
        await Expect(rows.Nth(0).Locator("[data-role='value']")).ToHaveTextAsync("70%");
        await Expect(rows.Nth(0).Locator("[data-role='detail-link']")).ToHaveAttributeAsync("href", "/kpi/ra-soat-vbqppl?unit=que-minh");
        await Expect(page.Locator("[data-role='area-summary']")).ToHaveTextAsync("1 không đạt · 1 cần chú ý · 0 đạt · 1 chưa có dữ liệu");

        // Live: a reading posted now moves its KPI up among those not met, without a reload.
        await PostAsync("theo-doi-thi-hanh-phap-luat", 1, ThisYear);   // ≥ 3 a year, amber from 2: 1 in the year is not met
        await Expect(page.Locator("[data-kpi='theo-doi-thi-hanh-phap-luat']")).ToHaveAttributeAsync("data-status", "NotMet");
        await Expect(page.Locator("[data-kpi='theo-doi-thi-hanh-phap-luat'] [data-role='value']")).ToHaveTextAsync("1");
        Assert.Equal(["ra-soat-vbqppl", "theo-doi-thi-hanh-phap-luat", "bao-cao-tu-phap-dung-han"], await KpiOrderAsync(page));
        await Expect(page.Locator("[data-role='area-summary']")).ToHaveTextAsync("2 không đạt · 1 cần chú ý · 0 đạt · 0 chưa có dữ liệu");
        Assert.Equal("still-here", await page.EvaluateAsync<string>("window.__noReload"));

        // A tap on a KPI opens its detail for the same commune.
        await rows.Nth(0).Locator("[data-role='detail-link']").TapAsync();
        await page.WaitForURLAsync("**/kpi/ra-soat-vbqppl?unit=que-minh");
        await Expect(page.Locator("[data-role='kpi-name']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_briefing_is_legible_on_a_tablet_either_way_up()
    {
        await PostAsync("ra-soat-vbqppl", 70);
        await PostAsync("bao-cao-tu-phap-dung-han", 95);
        await PostAsync("theo-doi-thi-hanh-phap-luat", 3);
        foreach (var (width, height) in new[] { (1024, 768), (768, 1024) })
        {
            var page = await _browser.NewPageAsync(_app, width, height, touch: true);
            await page.GotoAsync("/briefing?area=3.1");
            await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-kpi='ra-soat-vbqppl'] [data-role='value']")).ToHaveTextAsync("70%");
            await StepsCoverNoRowAsync(page, $"3.1 at {width}×{height}");
            // The steps stay on screen, big enough for a thumb.
            foreach (var step in new[] { "[data-role='previous-area']", "[data-role='next-area']" })
            {
                var box = (await page.Locator(step).BoundingBoxAsync())!;
                Assert.True(box.Height >= 44 && box.Width >= 44, $"{step} is {box.Width}×{box.Height} at {width}×{height}");
                Assert.True(box.Y + box.Height <= height, $"{step} is below the screen at {width}×{height}");
            }
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath($"briefing-{width}x{height}.png") });

            // The longest area (3.2, eight KPIs) and the summary (nine areas) scroll in their own box, above the steps.
            foreach (var (route, list) in new[] { ("/briefing?area=3.2", "kpis"), ("/briefing", "areas") })
            {
                await page.GotoAsync(route);
                await Expect(page.Locator($"[data-role='{list}'] > li").First).ToBeVisibleAsync();
                await StepsCoverNoRowAsync(page, $"{route} at {width}×{height}");
                await page.Locator($"[data-role='{list}']").EvaluateAsync("l => l.scrollTop = l.scrollHeight");
                await StepsCoverNoRowAsync(page, $"{route} scrolled to its end at {width}×{height}");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath($"briefing-{(list == "areas" ? "summary" : "3.2")}-{width}x{height}.png") });
            }
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// The steps stay on screen below the list, and no row shows under them: the page does not scroll, the list's box
    /// ends above the steps, and the row the list has scrolled to last is whole inside that box.
    /// </summary>
    private static async Task StepsCoverNoRowAsync(IPage page, string where)
    {
        var problem = await page.EvaluateAsync<string>("""
            () => {
              const list = document.querySelector('.briefing-list'), nav = document.querySelector('.briefing-nav');
              const l = list.getBoundingClientRect(), n = nav.getBoundingClientRect();
              if (document.documentElement.scrollHeight > innerHeight + 1) return `the page scrolls: ${document.documentElement.scrollHeight} > ${innerHeight}`;
              if (n.bottom > innerHeight + 1) return `the steps end below the screen: ${n.bottom} > ${innerHeight}`;
              if (l.bottom > n.top + 1) return `the list runs under the steps: ${l.bottom} > ${n.top}`;
              const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 1;
              const last = list.lastElementChild.getBoundingClientRect();
              if (atEnd && last.bottom > l.bottom + 1) return `the last row is cut: ${last.bottom} > ${l.bottom}`;
              return '';
            }
            """);
        Assert.True(problem == "", $"{where}: {problem}");
    }

    private static Task<string[]> KpiOrderAsync(IPage page) =>
        page.Locator("[data-role='kpis'] > li").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.kpi)");

    /// <summary>A real touch swipe across the area's heading (Chromium's touch input, as a finger gives it).</summary>
    private static async Task SwipeAsync(IPage page, bool toTheLeft)
    {
        var box = (await page.Locator("h1[data-role='area-name']").BoundingBoxAsync())!;
        var y = box.Y + box.Height / 2;
        var (from, to) = toTheLeft ? (box.X + box.Width * 0.8, box.X + box.Width * 0.2) : (box.X + box.Width * 0.2, box.X + box.Width * 0.8);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await TouchAsync(cdp, "touchStart", from, y);
        for (var step = 1; step <= 8; step++) await TouchAsync(cdp, "touchMove", from + (to - from) * step / 8, y);
        // The finger rests before it lifts. A flick would leave a fling running, and headless Chromium then takes the
        // next tap as "stop the fling" and drops its click.
        for (var rest = 0; rest < 4; rest++)
        {
            await Task.Delay(40);
            await TouchAsync(cdp, "touchMove", to, y);
        }
        await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object> { ["type"] = "touchEnd", ["touchPoints"] = Array.Empty<object>() });
        await cdp.DetachAsync();
    }

    private static Task TouchAsync(ICDPSession cdp, string type, double x, double y) =>
        cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
        {
            ["type"] = type,
            ["touchPoints"] = new[] { new Dictionary<string, object> { ["x"] = x, ["y"] = y } },
        });
}
