using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

[Collection(HostCollection.Name)]
public sealed class OverviewBrowserTests : IAsyncLifetime
{
    private readonly DashboardApp _app = new();
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app.Dispose();
    }

    private Task PostAsync(string kpi, decimal value, string period = "2026-11") =>
        _app.PostReadingsAsync(new { unit = "que-minh", kpi, period, value, source = "khao-sat" })
            .ContinueWith(t => t.Result.EnsureSuccessStatusCode());

    [Fact]
    public async Task A_posted_reading_changes_the_tile_and_the_gauge_in_place_without_reload()
    {
        await PostAsync("sipas", 95);
        var page = await _browser.NewPageAsync(_app);
        await page.GotoAsync("/");

        var tile = page.Locator("[data-kpi='sipas']");
        var gaugeText = tile.Locator("[data-role='value']");
        var gaugePath = tile.Locator("path.apexcharts-radialbar-slice-0");
        // The chart is drawn by JS once the circuit has started: when it holds the value, the page is live.
        await Expect(gaugePath).ToHaveAttributeAsync("data:value", "95");
        await Expect(gaugeText).ToContainTextAsync("95%");
        await Expect(tile.Locator("[data-role='status']")).ToHaveTextAsync("Đạt");
        await page.EvaluateAsync("window.__noReload = 'still-here'");

        await PostAsync("sipas", 87.5m);

        await Expect(tile.Locator("[data-role='value']")).ToContainTextAsync("87,5%");
        await Expect(gaugeText).ToContainTextAsync("87,5%");
        await Expect(tile.Locator("[data-role='status']")).ToHaveTextAsync("Cần chú ý");
        await Expect(tile).ToHaveAttributeAsync("data-status", "Warning");
        Assert.Equal("still-here", await page.EvaluateAsync<string>("window.__noReload"));

        // The chart itself is redrawn with the new value, not only the text over it.
        await Expect(gaugePath).ToHaveAttributeAsync("data:value", "87.5");
        Assert.Equal(1, await tile.Locator(".apexcharts-canvas").CountAsync());

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("overview-live-update.png"), FullPage = true });
    }

    [Fact]
    public async Task A_live_update_on_an_english_page_stays_english_and_writes_the_figure_as_the_first_render_did()
    {
        // The update used to be rendered in the culture of whoever posted the reading (here an API call,
        // Vietnamese by default), so an English page flipped to Vietnamese text at the first live change.
        await PostAsync("sipas", 92.5m);
        await PostAsync("thanh-toan-khong-tien-mat", 40m);   // no target: tracked only
        var page = await _browser.NewPageAsync(_app);
        await page.GotoAsync($"/culture/en-US?redirect={Uri.EscapeDataString("/")}");

        var tile = page.Locator("[data-kpi='sipas']");
        var gaugePath = tile.Locator("path.apexcharts-radialbar-slice-0");
        await Expect(gaugePath).ToHaveAttributeAsync("data:value", "92.5");
        // The first English render: English words, figures as a Vietnamese office writes them (KpiFormat).
        await Expect(tile.Locator("[data-role='status']")).ToHaveTextAsync("Met");
        await Expect(tile.Locator("[data-role='value']")).ToContainTextAsync("92,5%");
        await Expect(page.Locator("[data-role='summary']")).ToContainTextAsync("1 met · 0 need attention");

        await PostAsync("sipas", 87.5m);

        // The update has arrived once the chart holds the new value; everything it re-rendered is still English.
        await Expect(gaugePath).ToHaveAttributeAsync("data:value", "87.5");
        await Expect(tile.Locator("[data-role='value']")).ToContainTextAsync("87,5%");
        Assert.Equal("Needs attention", (await tile.Locator("[data-role='status']").TextContentAsync())?.Trim());
        Assert.StartsWith("Updated ", (await tile.Locator("[data-role='updated']").TextContentAsync())?.Trim());
        Assert.StartsWith("0 met · 1 need attention", (await page.Locator("[data-role='summary']").TextContentAsync())?.Trim());
        // The counts add up to the tiles shown, the KPIs without a target included (25 of 29 before they were counted).
        var counts = System.Text.RegularExpressions.Regex.Matches((await page.Locator("[data-role='summary']").TextContentAsync())!, @"\d+")
            .Sum(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(await page.Locator("article.kpi-tile[data-kpi]").CountAsync(), counts);
        await Expect(page.Locator("[data-role='summary']")).ToContainTextAsync("tracked only (no target)");
        Assert.Equal("en", await page.EvaluateAsync<string>("document.documentElement.lang"));
    }

    [Fact]
    public async Task Every_visible_string_differs_between_vietnamese_and_english()
    {
        await PostAsync("sipas", 95);
        await PostAsync("xep-hang-dti", 3, "2026");
        // Proper nouns and language names read the same in both languages.
        // Proper nouns, language names and the signed-in person's name read the same in both languages.
        string[] allowed = ["English", "Tiếng Việt", "LRIS", "GRIS", DashboardApp.AdminName];

        foreach (var route in new[] { "/", "/feeds", "/import", "/not-found", "/error", "/kpi/sipas", "/scores", "/scores/manage", "/scores/print", "/account/login", "/account/change-password", "/admin/users", "/admin/devices", "/briefing", "/wall?view=overview", "/wall?view=dossiers", "/wall?view=overdue", "/wall?view=scores", "/wall/pair", "/wall/revoked" })
        {
            var page = await _browser.NewPageAsync(_app);
            var vi = await VisibleTextsAsync(page, route);
            await page.GotoAsync($"/culture/en-US?redirect={Uri.EscapeDataString(route)}");
            var en = await VisibleTextsAsync(page, route);
            await page.Context.CloseAsync();

            Assert.NotEmpty(vi);
            var same = vi.Intersect(en).Where(t => !allowed.Contains(t) && !IsLanguageNeutral(t)).ToList();
            Assert.True(same.Count == 0, $"{route}: not translated: {string.Join(" | ", same)}");
        }
    }

    private static async Task<HashSet<string>> VisibleTextsAsync(IPage page, string route)
    {
        await page.GotoAsync(route);
        // A page with interactive parts (Blazor's prerender markers) is read once its circuit runs; any other is whole
        // once loaded.
        await page.WaitForFunctionAsync("""
            () => document.querySelector("main[data-interactive='true'], .wall[data-interactive='true']") !== null
              || !document.documentElement.innerHTML.includes('<!--Blazor:{"type":"server"')
            """, null, new() { Timeout = 90_000 });
        var texts = await page.EvaluateAsync<string[]>("""
            () => {
              const out = [];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              while (walker.nextNode()) {
                const node = walker.currentNode;
                const el = node.parentElement;
                // Identifiers (feed ids, cron expressions) are shown in <code>: they are not prose.
                if (!el || el.closest('script,style,svg,code') || !el.checkVisibility()) continue;
                const text = node.textContent.trim();
                if (text) out.push(text);
              }
              out.push(document.title);
              return out;
            }
            """);
        return texts.ToHashSet();
    }

    /// <summary>Figures, times and symbols are the same in any language.</summary>
    private static bool IsLanguageNeutral(string text) =>
        text.All(c => char.IsDigit(c) || char.IsWhiteSpace(c) || ".,:;%/₫▲▼—–-+<>≤≥()·‹›−".Contains(c));
}
