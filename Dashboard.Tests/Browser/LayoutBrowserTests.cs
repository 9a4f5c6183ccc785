using Dashboard.Shared.Catalog;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Wall;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Xunit.Abstractions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Every page at the sizes it is read on (office screens, the wall's 4K, the chairman's iPad either way up, a phone):
/// no page scrolls sideways, no text is cut off by a box that hides its overflow, no two labels lie on each other.
/// One page per viewport, signed in once; a screenshot of each page at each size goes to the artifacts folder.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class LayoutBrowserTests(DemoSite site, ITestOutputHelper output) : IClassFixture<DemoSite>, IAsyncLifetime
{
    private readonly DashboardApp _app = site.App;
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
    }

    public static readonly TheoryData<int, int> Viewports = new()
    {
        { 1366, 768 }, { 1920, 1080 }, { 3840, 2160 }, { 1180, 820 }, { 820, 1180 }, { 390, 844 },
    };

    private static readonly string[] Pages =
    [
        "/", "/kpi/sipas", "/kpi/ho-so-tre-han", "/scores", "/scores/manage", "/briefing", "/briefing?area=3.2", "/feeds", "/import", "/digests",
        "/admin/users", "/admin/api-keys", "/admin/audit", "/admin/devices", "/admin/plans", "/admin/units",
    ];

    /// <summary>
    /// What makes a page broken at a size, as a list of findings:
    /// the document scrolls sideways; an element that hides its overflow (overflow hidden/clip, an ellipsis, a line
    /// clamp) holds more than its box shows, and it has text in it, unless its full text is in its title attribute;
    /// two sibling boxes with text of their own overlap. Fields (a list box, a text area) scroll by design.
    /// </summary>
    public const string LayoutScript = """
        () => {
          const problems = [];
          const root = document.documentElement;
          if (root.scrollWidth > root.clientWidth + 1) problems.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
          // Visible and bigger than the 1×1 px box of text meant for screen readers only.
          const shown = el => { const r = el.getBoundingClientRect(); return el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && r.width > 1 && r.height > 1; };
          const ownText = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
          const describe = el => `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ' class="' + el.className + '"' : ''}> "${el.textContent.trim().replace(/\s+/g, ' ').slice(0, 50)}"`;
          // A line cut short on purpose whose whole text is in its tooltip (its own or an ancestor's).
          const inTitle = el => { const title = el.getAttribute('title') ?? el.closest('[title]')?.getAttribute('title') ?? '';
            return !!title && title.replace(/\s+/g, ' ').includes(el.textContent.trim().replace(/\s+/g, ' ')); };
          const all = [...document.body.querySelectorAll('*')].filter(el => !el.closest('svg, script, style, template, select, textarea, .skip-link, #blazor-error-ui, #components-reconnect-modal, .apexcharts-canvas'));
          for (const el of all) {
            const style = getComputedStyle(el);
            const hides = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY)
              || style.textOverflow === 'ellipsis' || style.webkitLineClamp !== 'none';
            if (!hides || !el.textContent.trim() || !shown(el)) continue;
            const wide = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
            const cut = (wide && el.scrollWidth > el.clientWidth + 1) || (el.scrollHeight > el.clientHeight + 1 && style.overflowY !== 'visible');
            if (!cut) continue;
            if (inTitle(el)) continue;
            problems.push(`cut off: ${describe(el)} ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`);
          }
          // Text pushed out of the side of a box that hides its overflow: a line aligned to the end of a cell too narrow
          // for it starts left of the box, and a box's scroll width counts only what overflows to the right.
          const hider = el => { for (let e = el.parentElement; e && e !== document.body; e = e.parentElement)
            if (['hidden', 'clip'].includes(getComputedStyle(e).overflowX)) return e; return null; };
          for (const el of all) {
            if (!ownText(el) || !shown(el) || ['hidden', 'clip'].includes(getComputedStyle(el).overflowX)) continue;
            const box = hider(el);
            if (!box) continue;
            const c = box.getBoundingClientRect();
            const out = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).some(n => {
              const range = document.createRange(); range.selectNodeContents(n);
              return [...range.getClientRects()].some(r => r.width > 1 && (r.left < c.left - 1 || r.right > c.right + 1)); });
            if (!out) continue;
            if (inTitle(el)) continue;
            problems.push(`cut off at the side: ${describe(el)} by ${describe(box).slice(0, 60)}`);
          }
          for (const parent of new Set(all.map(el => el.parentElement))) {
            if (!parent) continue;
            // Each line box of a wrapped inline element on its own: the bounding box of two lines spans the whole width.
            const boxes = [...parent.children].filter(c => ownText(c) && shown(c)).map(c => [c, [...c.getClientRects()]]);
            const meet = (ra, rb) => Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left) > 2 && Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top) > 2;
            for (let i = 0; i < boxes.length; i++)
              for (let j = i + 1; j < boxes.length; j++) {
                const [a, ra] = boxes[i], [b, rb] = boxes[j];
                if (ra.some(x => rb.some(y => meet(x, y)))) problems.push(`overlap: ${describe(a)} and ${describe(b)}`);
              }
          }
          // Text on text anywhere on the page, not only between siblings: a two-line title running into the big figure
          // of the next row, a badge laid over a name. The boxes are the lines of the text itself, not the elements'.
          // Text in a box that hides or scrolls its overflow (an ellipsis, a list scrolling in its box) shows only inside it.
          const clips = ['hidden', 'clip', 'auto', 'scroll'];
          const clipOf = el => { for (let e = el; e && e !== document.body; e = e.parentElement) { const st = getComputedStyle(e);
            if (clips.includes(st.overflowX) || clips.includes(st.overflowY)) return e.getBoundingClientRect(); } return null; };
          const cutTo = (r, c) => c ? new DOMRect(Math.max(r.left, c.left), Math.max(r.top, c.top),
            Math.min(r.right, c.right) - Math.max(r.left, c.left), Math.min(r.bottom, c.bottom) - Math.max(r.top, c.top)) : r;
          const lines = all.filter(el => ownText(el) && shown(el)).map(el => { const clip = clipOf(el); return [el, [...el.childNodes]
            .filter(n => n.nodeType === 3 && n.textContent.trim())
            .flatMap(n => { const r = document.createRange(); r.selectNodeContents(n); return [...r.getClientRects()]; })
            .map(r => cutTo(r, clip))
            .filter(r => r.width > 1 && r.height > 1)]; });
          // An open drawer lies over the page by design: its text is compared with its own only.
          const layer = el => el.closest('.mud-drawer') ? 1 : 0;
          // Every line box against those below it that start above its bottom (sorted by top: a 4K overview has
          // thousands of lines, and comparing each with every other took seconds); each pair of elements reported once.
          const boxes = lines.flatMap(([, rects], i) => rects.map(r => [i, r])).sort((p, q) => p[1].top - q[1].top);
          const reported = new Set();
          for (let p = 0; p < boxes.length; p++) {
            const [i, x] = boxes[p];
            for (let q = p + 1; q < boxes.length && boxes[q][1].top < x.bottom; q++) {
              const [j, y] = boxes[q];
              const key = Math.min(i, j) * lines.length + Math.max(i, j);
              if (i === j || reported.has(key)) continue;
              const [a, b] = [lines[Math.min(i, j)][0], lines[Math.max(i, j)][0]];
              if (a.contains(b) || b.contains(a) || a.parentElement === b.parentElement || layer(a) !== layer(b)) continue;
              // Glyphs meet, not just the line boxes' leading: a quarter of the shorter line's height.
              if (Math.min(x.right, y.right) - Math.max(x.left, y.left) > 2
                && Math.min(x.bottom, y.bottom) - Math.max(x.top, y.top) > Math.min(x.height, y.height) / 4) {
                reported.add(key);
                problems.push(`text over text: ${describe(a)} and ${describe(b)}`);
              }
            }
          }
          return problems;
        }
        """;

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task No_page_scrolls_sideways_cuts_off_text_or_overlaps_labels_and_every_link_is_reachable(int width, int height)
    {
        var touch = width < 1366;
        var page = await _browser.NewPageAsync(_app, width, height, touch: touch);
        var found = new List<string>();
        foreach (var route in Pages.Append(await site.PlanDraftAsync()))
        {
            await page.GotoAsync(route);
            // The admin pages are rendered once, without a live connection; the others are ready once it runs.
            // (The first page of a fresh app on a busy machine may take long: the circuit starts, the demo year is scored.)
            await Expect(page.Locator(route.StartsWith("/admin/") ? "main" : "main[data-interactive='true']")).ToBeVisibleAsync(new() { Timeout = 90_000 });
            await page.EvaluateAsync("document.fonts.ready");
            found.AddRange((await page.EvaluateAsync<string[]>(LayoutScript)).Select(p => $"{route} at {width}×{height}: {p}"));
            await page.ScreenshotAsync(Infrastructure.Browser.Shot($"layout-{Slug(route)}-{width}x{height}"));
            if (route == "/")
            {
                // The whole plan at a glance: on one screen of a desktop or the wall's 4K, with at most one scroll on the iPad.
                // The bottom of the page's content, not the document's height (never less than one screen).
                var screens = await page.EvaluateAsync<double>("() => (document.querySelector('.page').getBoundingClientRect().bottom + scrollY) / innerHeight");
                output.WriteLine($"overview at {width}×{height}: {screens:0.00} screens (coarse pointer: {await page.EvaluateAsync<bool>("matchMedia('(pointer: coarse)').matches")})");
                if (OverviewScreens(width, height) is { } most && screens > most + 0.005)
                    found.Add($"/ at {width}×{height}: the overview takes {screens:0.00} screens (at most {most})");
                await page.ScreenshotAsync(Infrastructure.Browser.Shot($"layout-overview-full-{width}x{height}", fullPage: true));
            }
        }

        // Every link of the main navigation is reachable: on the bar, or in the drawer its menu button opens.
        await page.GotoAsync("/");
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        var toggle = page.Locator("[data-role='nav-toggle']");
        string[] links = ["Tổng quan", "Giao ban", "Điểm chỉ số", "Bản tin email", "Nguồn dữ liệu", "Nhập tệp", "Quản trị"];
        if (await toggle.EvaluateAsync<bool>("b => getComputedStyle(b).display !== 'none'"))
        {
            var box = (await toggle.BoundingBoxAsync())!;
            Assert.True(box.Width >= 44 && box.Height >= 44, $"menu button {box.Width}×{box.Height} at {width}×{height}");
            await toggle.ClickAsync();
            var drawer = page.Locator("#nav-drawer");
            await Expect(drawer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-drawer--open"));
            // Whole on the screen once it has slid in.
            await page.WaitForFunctionAsync("() => document.querySelector('#nav-drawer').getBoundingClientRect().left >= 0", null, new() { Timeout = 90_000 });
            foreach (var name in links)
                await Expect(drawer.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeInViewportAsync(new() { Ratio = 1 });
            found.AddRange((await page.EvaluateAsync<string[]>(LayoutScript)).Select(p => $"drawer at {width}×{height}: {p}"));
            await page.ScreenshotAsync(Infrastructure.Browser.Shot($"layout-drawer-{width}x{height}"));

            // A page without a live connection opens the same drawer.
            await page.GotoAsync("/admin/audit");
            await page.Locator("[data-role='nav-toggle']").ClickAsync();
            await page.WaitForURLAsync("**/admin/audit#nav-drawer", new() { Timeout = 90_000 });
            await page.WaitForFunctionAsync("() => document.querySelector('#nav-drawer').getBoundingClientRect().left >= 0", null, new() { Timeout = 90_000 });
            await Expect(drawer.GetByRole(AriaRole.Link, new() { Name = "Giao ban", Exact = true })).ToBeInViewportAsync(new() { Ratio = 1 });
        }
        else
        {
            foreach (var name in links)
                await Expect(page.Locator(".main-nav").GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeInViewportAsync();
        }

        Assert.True(found.Count == 0, $"{found.Count} problems:\n" + string.Join("\n", found));
    }

    /// <summary>How many screens the overview may take with the demo data's 29 KPIs: none is set for a phone or a portrait tablet, where it is one column of tiles.</summary>
    private static double? OverviewScreens(int width, int height) => (width, height) switch
    {
        (1920, 1080) or (3840, 2160) => 1,
        (1180, 820) => 2,
        _ => null,
    };

    /// <summary>The check itself finds what it looks for, and nothing where there is nothing: a page made to be broken.</summary>
    [Fact]
    public async Task The_layout_check_finds_text_over_text_text_cut_off_at_either_side_and_a_page_scrolling_sideways()
    {
        var page = await _browser.NewPageAsync(_app.BaseAddress, 400, 600);
        await page.SetContentAsync("""
            <html lang="vi"><body style="margin:0;font:20px sans-serif">
              <div style="position:relative;height:120px">
                <p style="position:absolute;top:0;left:0;margin:0">Chỉ số hài lòng</p>
                <div><span style="position:absolute;top:6px;left:12px">Đạt chỉ tiêu</span></div>
                <p style="position:absolute;top:60px;left:0;margin:0">Dòng riêng</p>
                <div><span style="position:absolute;top:90px;left:0">Dòng dưới</span></div>
              </div>
              <div style="width:80px;overflow:hidden;white-space:nowrap">Một dòng chữ rất dài bị cắt mất</div>
              <div style="width:80px;overflow:hidden;white-space:nowrap" title="Một dòng có chú thích đầy đủ">Một dòng có chú thích đầy đủ</div>
              <div style="width:200px;overflow:hidden;display:flex;justify-content:flex-end"><p style="flex:none;white-space:nowrap;margin:0">Căn phải, dài hơn ô của nó</p></div>
              <div style="width:2000px">rộng</div>
            </body></html>
            """);
        var problems = await page.EvaluateAsync<string[]>(LayoutScript);

        Assert.Contains(problems, p => p.StartsWith("text over text") && p.Contains("Chỉ số hài lòng") && p.Contains("Đạt chỉ tiêu"));
        Assert.Contains(problems, p => p.StartsWith("cut off") && p.Contains("Một dòng chữ rất dài"));
        Assert.Contains(problems, p => p.StartsWith("cut off at the side") && p.Contains("Căn phải"));
        Assert.Contains(problems, p => p.StartsWith("scrolls sideways"));
        // Lines close together but apart, and a cut line whose whole text is in its title, are not problems.
        Assert.DoesNotContain(problems, p => p.Contains("Dòng riêng") || p.Contains("Dòng dưới") || p.Contains("chú thích"));
        Assert.True(problems.Length == 4, string.Join("\n", problems));
    }

    public static readonly TheoryData<int, int> WallScreens = new() { { 1366, 768 }, { 1920, 1080 }, { 3840, 2160 } };

    [Theory]
    [MemberData(nameof(WallScreens))]
    public async Task No_wall_view_cuts_off_text_from_1366x768_to_4K(int width, int height)
    {
        var (secret, wall) = (await PairSecretAsync(), await _browser.NewPageAsync(_app, width, height, signedIn: false));
        await wall.GotoAsync($"/wall/pair?token={Uri.EscapeDataString(secret)}");
        await Expect(wall.Locator(".wall[data-interactive='true']")).ToBeVisibleAsync();
        var found = new List<string>();
        foreach (var view in Enum.GetValues<WallView>())
        {
            var id = WallPlaylist.Id(view);
            await wall.GotoAsync($"/wall?view={id}");
            await Expect(wall.Locator($".wall[data-view='{id}'][data-interactive='true']")).ToBeVisibleAsync();
            await Expect(wall.Locator(".wall [data-role=value]").First).ToBeVisibleAsync();
            await wall.EvaluateAsync("document.fonts.ready");
            found.AddRange((await wall.EvaluateAsync<string[]>(LayoutScript)).Select(p => $"wall {id} at {width}×{height}: {p}"));
            // The gauges whole: inside their tile, not cut by it.
            found.AddRange((await wall.EvaluateAsync<string[]>(GaugesWholeScript)).Select(p => $"wall {id} at {width}×{height}: {p}"));
            await wall.ScreenshotAsync(Infrastructure.Browser.Shot($"layout-wall-{id}-{width}x{height}"));
        }
        Assert.True(found.Count == 0, $"{found.Count} problems:\n" + string.Join("\n", found));
    }

    private const string GaugesWholeScript = """
        () => [...document.querySelectorAll('.wall .radial-gauge')].flatMap(g => {
          const r = g.getBoundingClientRect(), t = g.closest('.kpi-tile').getBoundingClientRect();
          return r.top < t.top - 0.5 || r.bottom > t.bottom + 0.5 || r.left < t.left - 0.5 || r.right > t.right + 0.5 || r.height < 10
            ? [`gauge cut: ${g.closest('.kpi-tile').dataset.kpi} ${Math.round(r.height)} px`] : [];
        })
        """;

    private async Task<string> PairSecretAsync()
    {
        var (_, secret) = await _app.Services.GetRequiredService<WallDevices>()
            .CreateAsync($"Màn hình {Guid.NewGuid():N}"[..20], ["que-minh"], WallPlaylist.Default, "tests");
        return secret;
    }

    private static string Slug(string route) => route == "/" ? "overview" : route.Trim('/').Replace('/', '-').Replace("?area=", "-");
}
