using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Every kind of page under the real Content-Security-Policy, in real Chromium: nothing is blocked, nothing logs an
/// error, and the pages still work (the circuit connects over a WebSocket, charts draw, the print button prints).
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class ContentSecurityPolicyBrowserTests(DemoSite site) : IClassFixture<DemoSite>, IAsyncLifetime
{
    // Registered before any script of the page runs, so a violation while the <head> is parsed is caught too.
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
            `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
        window.__printed = 0;
        window.print = () => { window.__printed++; };
        """;

    private readonly DashboardApp _app = site.App;
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
    }

    private sealed record Watched(IPage Page, List<string> Errors, List<string> Sockets, List<string> Requests);

    private async Task<Watched> OpenAsync(string route)
    {
        var page = await _browser.NewPageAsync(_app);
        var errors = new List<string>();
        var sockets = new List<string>();
        var requests = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add($"console: {m.Text}"); };
        page.PageError += (_, e) => { lock (errors) errors.Add($"page error: {e}"); };
        page.WebSocket += (_, ws) => { lock (sockets) sockets.Add(ws.Url); };
        page.Request += (_, r) => { lock (requests) requests.Add(r.Url); };
        await page.AddInitScriptAsync(RecordViolations);
        var response = await page.GotoAsync(route);
        Assert.True(response is { Ok: true }, $"{route}: HTTP {response?.Status}");
        Assert.Contains("frame-ancestors 'none'", await response!.HeaderValueAsync("content-security-policy") ?? "");
        return new Watched(page, errors, sockets, requests);
    }

    /// <summary>No violation and no console error, once the page has done what it does on load.</summary>
    private static async Task AssertCleanAsync(Watched w, string route)
    {
        // Violation events are queued as tasks; let the page settle before reading them.
        await w.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await w.Page.WaitForTimeoutAsync(500);
        var violations = await w.Page.EvaluateAsync<string[]>("window.__cspViolations");
        Assert.True(violations.Length == 0, $"{route}: CSP violations:\n{string.Join("\n", violations)}");
        lock (w.Errors) Assert.True(w.Errors.Count == 0, $"{route}: errors:\n{string.Join("\n", w.Errors)}");
    }

    private static async Task AssertLiveAsync(Watched w, string route)
    {
        await Expect(w.Page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        // The circuit runs over a WebSocket (connect-src 'self' admits ws: of the same origin), not long polling.
        lock (w.Sockets) Assert.True(w.Sockets.Any(u => u.Contains("/_blazor")), $"{route}: no WebSocket to /_blazor: {string.Join(", ", w.Sockets)}");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/kpi/ho-so-tre-han?period=month")]
    [InlineData("/scores")]
    [InlineData("/import")]
    [InlineData("/feeds")]
    public async Task An_interactive_page_runs_under_the_policy_without_a_violation(string route)
    {
        var w = await OpenAsync(route);
        await AssertLiveAsync(w, route);
        if (route == "/")
            await Expect(w.Page.Locator(".gauge-chart .apexcharts-canvas").First).ToBeVisibleAsync();
        if (route.StartsWith("/kpi/"))
        {
            var chart = w.Page.Locator(".trend-chart .apexcharts-canvas");
            await Expect(chart).ToHaveCountAsync(1);
            // The chart module came through the import map (its fingerprinted file): the nonce let the map run.
            lock (w.Requests) Assert.Contains(w.Requests, u => FingerprintedChartsModule().IsMatch(u));
            // A tooltip is drawn with inline styles: hovering the chart exercises style-src too.
            await chart.HoverAsync();
        }
        await AssertCleanAsync(w, route);
        if (route == "/")
        {
            // Switching language goes through /culture and back to a page with a new nonce.
            await w.Page.Locator(".language-switch a").ClickAsync();
            await Expect(w.Page.Locator("html[lang='en']")).ToBeAttachedAsync();
            await Expect(w.Page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
            await AssertCleanAsync(w, route + " in English");
        }
        await w.Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Infrastructure.Browser.ArtifactPath($"csp{route.Split('?')[0].Replace('/', '-')}.png"),
            FullPage = true,
        });
    }

    [Theory]
    [InlineData("/scores/print")]
    [InlineData("/kpi/sipas/print")]
    public async Task A_print_page_prints_from_its_button_without_inline_script(string route)
    {
        var w = await OpenAsync(route);
        await Expect(w.Page.Locator(".print-page main")).ToBeVisibleAsync();
        var button = w.Page.Locator("[data-action='print']");
        await Expect(button).ToBeVisibleAsync();
        Assert.Null(await button.GetAttributeAsync("onclick"));
        await button.ClickAsync();
        await w.Page.WaitForFunctionAsync("window.__printed === 1");
        await AssertCleanAsync(w, route);
    }

    /// <summary>
    /// Hangfire 1.8's console has no inline script (one bundled file, settings in data- attributes) and evaluates no
    /// strings, so it runs under the same policy as the pages; its style="" attributes are covered by style-src.
    /// </summary>
    [Theory]
    [InlineData("/jobs")]
    [InlineData("/jobs/recurring")]
    [InlineData("/jobs/jobs/succeeded")]
    [InlineData("/jobs/servers")]
    public async Task The_jobs_console_runs_under_the_same_policy(string route)
    {
        var w = await OpenAsync(route);
        await Expect(w.Page.Locator(".navbar")).ToBeVisibleAsync();
        if (route == "/jobs")
            // The console's script ran: Chart.js sizes the live graph's canvas with an inline style.
            await Expect(w.Page.Locator("canvas#realtimeGraph")).ToHaveAttributeAsync("style", new Regex("display"));
        if (route == "/jobs/jobs/succeeded")
        {
            // The demo simulator succeeds every ten seconds: open one job's details page too.
            var job = w.Page.Locator("a[href*='/jobs/jobs/details/']").First;
            await Wait.UntilAsync(async () =>
            {
                if (await job.CountAsync() > 0) return true;
                await w.Page.ReloadAsync();
                return false;
            }, "a succeeded job in the console", TimeSpan.FromSeconds(90));
            await job.ClickAsync();
            await Expect(w.Page.Locator(".state-card").First).ToBeVisibleAsync();
        }
        await AssertCleanAsync(w, route);
    }

    [GeneratedRegex(@"/js/charts\.[a-z0-9]+\.js$")]
    private static partial Regex FingerprintedChartsModule();
}
