using System.Text.Json;
using Dashboard.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>The chairman's tablet: pages that fit either way up, finger-sized targets, accessible markup, installable.</summary>
[Collection(HostCollection.Name)]
public sealed class TabletBrowserTests(DemoSite site) : IClassFixture<DemoSite>, IAsyncLifetime
{
    private readonly DashboardApp _app = site.App;
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
    }

    private async Task<IPage> OpenAsync(IPage page, string route)
    {
        await page.GotoAsync(route);
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }

    [Theory]
    [InlineData(768, 1024)]
    [InlineData(1366, 1024)]
    public async Task Pages_fit_the_tablet_and_every_link_and_button_is_finger_sized(int width, int height)
    {
        var page = await _browser.NewPageAsync(_app, width, height, touch: true);
        foreach (var route in new[] { "/", "/kpi/sipas", "/scores", "/briefing" })
        {
            await OpenAsync(page, route);

            var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("innerWidth"));
            Assert.True(scrollWidth <= innerWidth, $"{route} at {width}×{height}: {scrollWidth} px wide in a {innerWidth} px window");

            // The main navigation is reachable in full: on one line, nothing cut off.
            Assert.True(await page.EvaluateAsync<bool>("(() => { const n = document.querySelector('.main-nav'); return n.scrollWidth <= n.clientWidth; })()"),
                $"{route} at {width}×{height}: the main navigation is cut off");

            var small = await page.EvaluateAsync<string[]>(SmallTargetsScript);
            Assert.True(small.Length == 0, $"{route} at {width}×{height}: under 44 px: {string.Join(" | ", small)}");
        }
    }

    /// <summary>
    /// Every visible link, button and field under 44×44 px, unless its hit area is bigger: a tile's link is stretched
    /// over the whole tile by an absolutely positioned ::after. Nothing is excluded, links in tables included.
    /// </summary>
    private const string SmallTargetsScript = """
        () => {
          const small = [];
          for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [role=button]')) {
            if (!el.checkVisibility({ visibilityProperty: true })) continue;
            const box = el.getBoundingClientRect();
            // The skip link waits off screen until it gets focus.
            if (box.right <= 0 || box.bottom <= 0 || box.width === 0) continue;
            if (box.width >= 44 && box.height >= 44) continue;
            const after = getComputedStyle(el, '::after');
            if (after.content !== 'none' && after.position === 'absolute') {
              let host = el.parentElement;
              while (host && getComputedStyle(host).position === 'static') host = host.parentElement;
              const hit = host?.getBoundingClientRect();
              if (hit && hit.width >= 44 && hit.height >= 44) continue;
            }
            small.push(`<${el.tagName.toLowerCase()}> "${el.textContent.trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
          }
          return small;
        }
        """;

    [Fact]
    public async Task No_serious_or_critical_accessibility_violations()
    {
        var page = await _browser.NewPageAsync(_app, 1024, 768, touch: true);
        var found = new List<string>();
        foreach (var route in new[] { "/", "/kpi/ho-so-tre-han", "/scores", "/briefing" })
        {
            await OpenAsync(page, route);
            var result = await page.RunAxe();
            found.AddRange(result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{route}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}"));
        }
        // The sign-in page, as someone not yet signed in sees it.
        var signedOut = await _browser.NewPageAsync(_app, 1024, 768, touch: true, signedIn: false);
        await signedOut.GotoAsync("/account/login");
        found.AddRange((await signedOut.RunAxe()).Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"/account/login: {v.Id} ({v.Impact}) {v.Help}: {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}"));
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task The_app_is_installable_its_manifest_is_served_as_such_and_its_icons_resolve()
    {
        var page = await _browser.NewPageAsync(_app, 1024, 768, touch: true);
        await OpenAsync(page, "/");
        await Expect(page.Locator("meta[name='theme-color']")).ToHaveAttributeAsync("content", "#0b4f8a");
        var appleIcon = await page.Locator("link[rel='apple-touch-icon']").GetAttributeAsync("href");
        Assert.Equal(200, (await page.APIRequest.GetAsync(appleIcon!)).Status);

        // The manifest the page links to (a fingerprinted URL) and the plain one.
        var linked = await page.Locator("link[rel='manifest']").GetAttributeAsync("href");
        foreach (var url in new[] { linked!, "/manifest.webmanifest" })
        {
            var response = await page.APIRequest.GetAsync(url);
            Assert.Equal(200, response.Status);
            Assert.StartsWith("application/manifest+json", response.Headers["content-type"]);

            using var manifest = JsonDocument.Parse(await response.TextAsync());
            var root = manifest.RootElement;
            Assert.Equal("standalone", root.GetProperty("display").GetString());
            Assert.Equal("/", root.GetProperty("start_url").GetString());
            Assert.Contains("Quế Minh", root.GetProperty("name").GetString());
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("short_name").GetString()));
            Assert.Equal("#0b4f8a", root.GetProperty("theme_color").GetString());
            var icons = root.GetProperty("icons").EnumerateArray().ToList();
            // Chrome installs an app with PNG icons of 192 and 512 px.
            Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "192x192" && i.GetProperty("type").GetString() == "image/png");
            Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "512x512" && i.GetProperty("type").GetString() == "image/png");
            foreach (var icon in icons)
            {
                var src = new Uri(new Uri(page.Url), icon.GetProperty("src").GetString()).ToString();
                var image = await page.APIRequest.GetAsync(src);
                Assert.True(image.Status == 200, $"{src}: {image.Status}");
                Assert.Equal(icon.GetProperty("type").GetString(), image.Headers["content-type"]);
                if (icon.GetProperty("type").GetString() != "image/png") continue;
                // A PNG's size is in its header (IHDR): width and height, big-endian, at bytes 16 and 20.
                var png = await image.BodyAsync();
                var size = $"{System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16))}x{System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))}";
                Assert.Equal(icon.GetProperty("sizes").GetString(), size);
            }
        }
    }
}
