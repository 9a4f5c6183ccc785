using System.Globalization;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Dashboard.Web.Wall;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// The meeting-room wall as a paired screen sees it: legible from across the room at 1080p and 4K, live, rotating,
/// and dark within seconds of being revoked. The screen signs in only through its pairing link.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class WallBrowserTests : IAsyncLifetime
{
    private DashboardApp _app = default!;
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app?.Dispose();
    }

    private string ThisMonth => _app.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Registers a screen as an administrator would and opens its pairing link in a fresh browser with no sign-in.</summary>
    private async Task<(IPage Page, WallDevice Device)> PairAsync(int width, int height, params WallSlot[] playlist)
    {
        var (device, secret) = await _app.Services.GetRequiredService<WallDevices>()
            .CreateAsync("Phòng họp UBND", ["que-minh"], playlist.Length > 0 ? playlist : WallPlaylist.Default, "tests");
        var page = await _browser.NewPageAsync(_app, width, height, signedIn: false);
        await page.GotoAsync($"/wall/pair?token={Uri.EscapeDataString(secret)}");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/wall$"));
        await Expect(page.Locator(".wall[data-interactive='true']")).ToBeVisibleAsync();
        return (page, device);
    }

    /// <summary>
    /// Everything that makes the wall unreadable or broken from 5 m: the page scrolls, a card lies outside the screen or
    /// cuts off its own content, text under 2.5vh, a figure under 6vh.
    /// </summary>
    private const string LegibilityScript = """
        () => {
          const vh = innerHeight / 100, problems = [];
          const root = document.documentElement;
          if (root.scrollWidth > root.clientWidth || root.scrollHeight > root.clientHeight)
            problems.push(`the page scrolls: ${root.scrollWidth}×${root.scrollHeight} in ${root.clientWidth}×${root.clientHeight}`);
          for (const card of document.querySelectorAll('.wall-card, .wall .kpi-tile')) {
            const r = card.getBoundingClientRect();
            if (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)
              problems.push(`outside the screen: ${card.className} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
            if (card.scrollHeight > card.clientHeight + 1 || card.scrollWidth > card.clientWidth + 1)
              problems.push(`content cut off: ${card.className} "${card.textContent.trim().slice(0, 40)}" ${card.scrollHeight} > ${card.clientHeight}`);
          }
          for (const el of document.querySelectorAll('.wall *')) {
            if (el.closest('svg')) continue;
            const style = getComputedStyle(el), r = el.getBoundingClientRect();
            if (style.display === 'none' || style.visibility === 'hidden' || r.width === 0 || r.height === 0) continue;
            if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
            const size = parseFloat(style.fontSize);
            if (size < 2.5 * vh - 0.5) problems.push(`text ${size}px (< 2.5vh = ${2.5 * vh}px): "${el.textContent.trim().slice(0, 40)}"`);
          }
          for (const el of document.querySelectorAll('.wall [data-role=value]')) {
            const size = parseFloat(getComputedStyle(el).fontSize);
            if (size < 6 * vh - 0.5) problems.push(`figure ${size}px (< 6vh = ${6 * vh}px): "${el.textContent.trim()}"`);
          }
          return problems;
        }
        """;

    /// <summary>
    /// Gauges drawn and their animation over: every gauge has its chart, and no chart's shapes have changed for half a
    /// second and a dozen frames (ApexCharts animates over 300 ms, frame by frame; a stalled page cannot fake the
    /// frames). Checked on each animation frame, the default polling of WaitForFunctionAsync.
    /// </summary>
    private const string ChartsSettledScript = """
        () => {
          if (document.fonts.status !== 'loaded') return false;
          if ([...document.querySelectorAll('.wall .gauge-chart')].some(g => !g.querySelector('.apexcharts-canvas'))) return false;
          const shape = [...document.querySelectorAll('.wall .apexcharts-canvas path')].map(p => p.getAttribute('d')).join('|');
          const s = window.__settling ??= { shape: null, since: 0, frames: 0 };
          if (s.shape !== shape) { s.shape = shape; s.since = performance.now(); s.frames = 0; return false; }
          return ++s.frames >= 12 && performance.now() - s.since >= 500;
        }
        """;

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(3840, 2160)]
    public async Task Every_view_fits_the_screen_is_legible_from_across_the_room_and_passes_colour_contrast(int width, int height)
    {
        // Demo data fills every KPI and a year of records: the views carry all they can (long lists, badges, scores).
        _app = new DashboardApp(demoData: true);
        var (page, _) = await PairAsync(width, height);
        var found = new List<string>();
        foreach (var view in Enum.GetValues<WallView>())
        {
            var id = WallPlaylist.Id(view);
            await page.GotoAsync($"/wall?view={id}");
            await Expect(page.Locator($".wall[data-view='{id}'][data-interactive='true']")).ToBeVisibleAsync();
            await Expect(page.Locator(".wall [data-role=value]").First).ToBeVisibleAsync();
            await page.WaitForFunctionAsync(ChartsSettledScript, null, new() { Timeout = 30_000 });
            found.AddRange((await page.EvaluateAsync<string[]>(LegibilityScript)).Select(p => $"{id} at {width}×{height}: {p}"));
            var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast"] } });
            found.AddRange(axe.Violations.SelectMany(v => v.Nodes.Take(3).Select(n => $"{id} at {width}×{height}: contrast {n.Html}")));
            if (view == WallView.Scores) found.AddRange((await page.EvaluateAsync<string[]>(ScoreBarsScript)).Select(p => $"{id} at {width}×{height}: {p}"));
            if (view == WallView.Overdue) found.AddRange((await page.EvaluateAsync<string[]>(AgencyNamesScript)).Select(p => $"{id} at {width}×{height}: {p}"));
            await page.ScreenshotAsync(Infrastructure.Browser.Shot($"wall-{id}-{width}x{height}"));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
        // A device shows its commune, the time in Vietnam and its connection; demo figures are labelled.
        await Expect(page.Locator("[data-role=unit]")).ToHaveTextAsync("Xã Quế Minh");
        await Expect(page.Locator("#wall-connection")).ToHaveAttributeAsync("data-state", "online");
        await Expect(page.Locator("[data-role=demo]")).ToHaveTextAsync("DỮ LIỆU MẪU");
        var hanoi = VietnamTime.ToLocal(_app.Clock.GetUtcNow());
        await Expect(page.Locator("[data-role=clock]")).ToContainTextAsync(hanoi.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Each score card gives its rank among the sibling communes; each group's bar is in the colour of its share of the
    /// points it could score (met from 80%, needing attention from 50%, not met below), one colour per status.
    /// </summary>
    private const string ScoreBarsScript = """
        () => {
          const problems = [], colours = {};
          for (const card of document.querySelectorAll('.wall-score')) {
            const rank = card.querySelector('[data-role=rank]');
            if (!rank || !/^Hạng \d+\/\d+$/.test(rank.textContent.trim())) problems.push(`no rank on ${card.dataset.rubric}`);
            for (const row of card.querySelectorAll('.wall-groups tr')) {
              const bar = row.querySelector('.group-bar span');
              const [points, max] = row.querySelector('.group-points').textContent.trim().split('/').map(t => parseFloat(t.replace(',', '.')));
              if (isNaN(points) || !(max > 0)) continue;
              // 4.8 / 6 is 0.7999… in floating point; the app divides decimals (exactly 0.8, met).
              const share = points / max + 1e-9;
              const expected = share >= 0.8 ? 'Met' : share >= 0.5 ? 'Warning' : 'NotMet';
              if (bar.dataset.status !== expected) problems.push(`${row.textContent.trim()}: ${bar.dataset.status}, not ${expected}`);
              const colour = getComputedStyle(bar).backgroundColor;
              (colours[bar.dataset.status] ??= new Set()).add(colour);
            }
          }
          const all = Object.entries(colours);
          for (const [status, set] of all) if (set.size !== 1) problems.push(`${status} bars in ${set.size} colours`);
          for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++)
            if ([...all[i][1]][0] === [...all[j][1]][0]) problems.push(`${all[i][0]} and ${all[j][0]} bars in the same colour`);
          return problems;
        }
        """;

    /// <summary>An overdue item names the agency handling it, never its code (tu-phap-ho-tich).</summary>
    private const string AgencyNamesScript = """
        () => [...document.querySelectorAll('.wall-list .item-meta')].map(m => m.textContent.trim()).filter(t => /\b[a-z]+(-[a-z]+)+\b/.test(t)).map(t => `agency code shown: ${t}`)
        """;

    [Fact]
    public async Task A_reading_posted_appears_on_the_wall_without_a_reload_and_the_views_rotate_by_themselves()
    {
        _app = new DashboardApp();
        var (page, _) = await PairAsync(1920, 1080, new WallSlot(WallView.Finance, 6), new WallSlot(WallView.Scores, 6));
        await page.EvaluateAsync("window.__samePage = true");
        await Expect(page.Locator(".wall")).ToHaveAttributeAsync("data-view", "finance");
        (await _app.PostReadingsAsync(new { unit = "que-minh", kpi = "kien-nghi-thanh-tra", period = ThisMonth, value = 77.5m, source = "bao-cao-xa" }))
            .EnsureSuccessStatusCode();
        await Expect(page.Locator("[data-kpi='kien-nghi-thanh-tra'] [data-role='value']")).ToContainTextAsync("77,5%");

        // The playlist turns to the scores and back, with no input.
        await Expect(page.Locator(".wall")).ToHaveAttributeAsync("data-view", "scores", new() { Timeout = 30_000 });
        await Expect(page.Locator(".wall")).ToHaveAttributeAsync("data-view", "finance", new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.__samePage === true"), "the wall reloaded instead of rotating live");
        await Expect(page.Locator("[data-kpi='kien-nghi-thanh-tra'] [data-role='value']")).ToContainTextAsync("77,5%");
    }

    [Fact]
    public async Task A_live_update_on_a_wall_switched_to_english_stays_english()
    {
        _app = new DashboardApp();
        (await _app.PostReadingsAsync(new { unit = "que-minh", kpi = "kien-nghi-thanh-tra", period = ThisMonth, value = 92.5m, source = "bao-cao-xa" }))
            .EnsureSuccessStatusCode();
        var (page, _) = await PairAsync(1920, 1080, new WallSlot(WallView.Finance, WallPlaylist.MaxSeconds));
        await page.GotoAsync($"/culture/en-US?redirect={Uri.EscapeDataString("/wall")}");
        await Expect(page.Locator(".wall[data-interactive='true']")).ToBeVisibleAsync();

        var tile = page.Locator("[data-kpi='kien-nghi-thanh-tra']");
        // The first English render: ≥ 100% with 80 as the amber line, so 92.5 needs attention; the figure in vi-VN.
        await Expect(tile.Locator("[data-role='status']")).ToHaveTextAsync("Needs attention");
        await Expect(tile.Locator("[data-role='value']")).ToContainTextAsync("92,5%");
        await Expect(page.Locator("[data-role='view-title']")).ToHaveTextAsync("Public finance");

        (await _app.PostReadingsAsync(new { unit = "que-minh", kpi = "kien-nghi-thanh-tra", period = ThisMonth, value = 77.5m, source = "bao-cao-xa" }))
            .EnsureSuccessStatusCode();

        // Below 80: not met. Read once the new figure is there, before the wall's own clock redraws anything.
        await Expect(tile.Locator("[data-role='value']")).ToContainTextAsync("77,5%");
        Assert.Equal("Not met", (await tile.Locator("[data-role='status']").TextContentAsync())?.Trim());
        Assert.Contains(" · Updated ", (await tile.Locator("[data-role='updated']").TextContentAsync())?.Trim());
        Assert.Equal("Public finance", (await page.Locator("[data-role='view-title']").TextContentAsync())?.Trim());
    }

    [Fact]
    public async Task A_device_revoked_on_the_admin_page_goes_dark_within_seconds_and_its_link_no_longer_pairs()
    {
        _app = new DashboardApp();
        var (wall, device) = await PairAsync(1920, 1080, new WallSlot(WallView.Dossiers, 60));
        var admin = await _browser.NewPageAsync(_app, 1440, 900);
        await admin.GotoAsync("/admin/devices");
        var row = admin.Locator($"tr[data-device='{device.Id}']");
        await Expect(row.Locator("[data-role=open-walls]")).ToHaveTextAsync("1");
        await Expect(row.Locator("[data-role=last-contact]")).Not.ToHaveTextAsync("Chưa dùng");

        // The first tap only asks; nothing is revoked until the second.
        await row.Locator("[data-role=revoke]").ClickAsync();
        await Expect(row.Locator("[data-role=revoke-confirm]")).ToContainTextAsync("Không thể hoàn tác");
        Assert.Null((await _app.Services.GetRequiredService<WallDevices>().FindAsync(device.Id))!.RevokedAt);
        await row.Locator("[data-role=revoke-yes]").ClickAsync();
        await Expect(admin.Locator($"tr[data-device='{device.Id}']")).ToContainTextAsync("Đã thu hồi");
        // The open wall leaves its live connection for the plain revoked page, by itself.
        await Expect(wall).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/wall/revoked$"), new() { Timeout = 20_000 });
        await Expect(wall.Locator("[data-role=revoked]")).ToContainTextAsync("Thiết bị đã bị thu hồi");
        await Wait.UntilAsync(() => Task.FromResult(_app.Services.GetRequiredService<WallCircuits>().Of(device.Id) == 0),
            "the revoked wall's circuit closed");

        // Opening the wall again shows the same plain page, never data.
        await wall.GotoAsync("/wall");
        await Expect(wall).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/wall/(revoked|pair)$"));
        Assert.Equal(0, await wall.Locator("[data-kpi]").CountAsync());
    }

    [Fact]
    public async Task A_screen_types_its_short_code_with_the_remote_and_sees_the_wall()
    {
        _app = new DashboardApp();
        var (device, _) = await _app.Services.GetRequiredService<WallDevices>().CreateAsync("Phòng họp UBND", ["que-minh"], WallPlaylist.Default, "tests");
        var code = (await _app.Services.GetRequiredService<WallPairing>().IssueAsync(device.Id, "tests"))!.Value.Code;
        var page = await _browser.NewPageAsync(_app, 1920, 1080, signedIn: false);
        await page.GotoAsync("/wall/pair");
        // The box has the focus at once: a remote with no pointer types straight into it, then presses OK (Enter).
        await Expect(page.Locator("[data-role=pair-code]")).ToBeFocusedAsync();
        var wrong = code.StartsWith('A') ? "BBBBBBBB" : "AAAAAAAA";
        await page.Keyboard.TypeAsync(wrong);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-role=refused]")).ToHaveTextAsync("Mã ghép nối không đúng. Hãy đối chiếu với mã trên trang Quản trị → Màn hình và nhập lại.");
        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Nodes.First().Html}")));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("wall-pair-refused.png") });
        await Expect(page.Locator("[data-role=pair-code]")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(PairingCode.Display(code).ToLowerInvariant());
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/wall$"));
        await Expect(page.Locator(".wall[data-interactive='true']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("wall-paired-by-code.png") });
    }

    [Fact]
    public async Task A_wrong_pairing_code_gets_a_plain_refusal_and_no_data()
    {
        _app = new DashboardApp(demoData: true);
        var page = await _browser.NewPageAsync(_app, 1920, 1080, signedIn: false);
        var response = await page.GotoAsync("/wall/pair?token=dwt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(403, response!.Status);
        await Expect(page.Locator("[data-role=refused]")).ToContainTextAsync("Mã ghép nối không đúng");
        await page.GotoAsync("/wall");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/wall/pair$"));
        Assert.Equal(0, await page.Locator("[data-kpi], [data-section], .wall[data-view]").CountAsync());
    }
}
