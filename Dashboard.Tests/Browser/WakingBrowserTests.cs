using System.Globalization;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// "A page left asleep is live again soon after waking, without a tap." A tablet's sleep is played as: the page
/// hidden, its connection lost, Blazor retrying in vain and backing off; then the network back and the page shown.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class WakingBrowserTests : IAsyncLifetime
{
    private Infrastructure.Browser? _browser;
    private DashboardApp? _app;
    private readonly DroppedCircuits _dropped = new();

    /// <summary>Counts the circuits the server has let go of (disposed, its state saved first where it keeps any).</summary>
    private sealed class DroppedCircuits : CircuitHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _app?.Dispose();
    }

    /// <summary>
    /// Every test page can be hidden and shown (Chromium has no other way to play a screen turned off and on), and logs
    /// the reconnect states with the online and visibility events, in the order they happen.
    /// </summary>
    private const string InitScript = """
        (() => {
          let visibility = 'visible';
          Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => visibility });
          Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => visibility !== 'visible' });
          window.__events = [];
          window.__show = shown => { visibility = shown ? 'visible' : 'hidden'; window.__events.push(visibility); document.dispatchEvent(new Event('visibilitychange')); };
          window.addEventListener('online', () => window.__events.push('online'));
          document.addEventListener('DOMContentLoaded', () => document.getElementById('components-reconnect-modal')
            .addEventListener('components-reconnect-state-changed', e => window.__events.push(
              e.detail.state === 'retrying' ? (e.detail.secondsToNextAttempt > 0 ? 'waiting' : 'attempt') : e.detail.state)));
        })();
        """;

    private async Task<IPage> OpenAsync(IDictionary<string, string?>? settings = null)
    {
        _app = new DashboardApp(settings: settings, services: s => s.AddSingleton<CircuitHandler>(_dropped));
        _browser = await Infrastructure.Browser.LaunchAsync();
        var page = await _browser.NewPageAsync(_app, 1024, 768, touch: true);
        await page.AddInitScriptAsync(InitScript);
        await PostAsync("sipas", 95);
        await page.GotoAsync("/");
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-kpi='sipas'] [data-role='value']")).ToContainTextAsync("95%");
        await page.EvaluateAsync("window.__samePage = 'same-page'");
        return page;
    }

    private async Task PostAsync(string kpi, decimal value) =>
        (await _app!.PostReadingsAsync(new
        {
            unit = "que-minh", kpi, value, source = "khao-sat",
            period = _app.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        })).EnsureSuccessStatusCode();

    /// <summary>Drops the circuit's connection as a dead network does; Blazor starts retrying at once.</summary>
    private static Task DropConnectionAsync(IPage page) => page.EvaluateAsync("Blazor._internal.forceCloseConnection()");

    /// <summary>Waits until Blazor's quick retries have failed and it backs off before the next one.</summary>
    private static Task BackingOffAsync(IPage page) =>
        Expect(page.Locator("#components-reconnect-modal.components-reconnect-retrying")).ToBeAttachedAsync(new() { Timeout = 60_000 });

    /// <summary>Live: a reading posted now reaches the page, the dialog is gone, and nobody tapped anything.</summary>
    private async Task AssertLiveAsync(IPage page, decimal value, string shown)
    {
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await PostAsync("sipas", value);
        await Expect(page.Locator("[data-kpi='sipas'] [data-role='value']")).ToContainTextAsync(shown, new() { Timeout = 60_000 });
        await Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
    }

    private static Task<string[]> EventsAsync(IPage page) => page.EvaluateAsync<string[]>("window.__events ?? []");

    /// <summary>
    /// Blazor was backing off when <paramref name="wake"/> came, and tried again there and then instead of waiting out
    /// its countdown. Had an attempt been under way just then, the wait after it is cut short instead: at most one
    /// countdown tick comes before the attempt, never a whole backoff.
    /// </summary>
    private static void AttemptedAtOnce(string[] events, string wake)
    {
        var at = Array.LastIndexOf(events, wake);
        var after = events.Skip(at + 1).ToList();
        // An attempt that had just started when the wake came, and succeeded, needs none after it.
        var underWay = at > 0 && events[at - 1] == "attempt" && !after.Contains("waiting");
        Assert.True(at >= 0 && (underWay || after.Contains("attempt") && after.TakeWhile(e => e != "attempt").Count(e => e == "waiting") <= 1),
            $"after {wake}: {string.Join(",", events)}");
    }

    [Fact]
    public async Task When_the_network_comes_back_the_page_reconnects_at_once_instead_of_waiting_out_the_backoff()
    {
        var page = await OpenAsync();
        await page.Context.SetOfflineAsync(true);
        await DropConnectionAsync(page);
        await BackingOffAsync(page);

        await page.Context.SetOfflineAsync(false);

        await AssertLiveAsync(page, 88, "88%");
        // The same circuit, the same page: no reload.
        Assert.Equal("same-page", await page.EvaluateAsync<string>("window.__samePage"));
        AttemptedAtOnce(await EventsAsync(page), "online");
    }

    [Fact]
    public async Task A_page_woken_after_the_server_dropped_its_circuit_is_live_again_without_a_tap()
    {
        var page = await OpenAsync(new Dictionary<string, string?> { ["Circuits:DisconnectedCircuitRetentionPeriod"] = "00:00:02" });
        await SleepPastRetentionAsync(page);

        await page.EvaluateAsync("window.__show(true)");

        // .NET 10 resumes a new circuit from the state the server saved when it dropped the old one.
        await AssertLiveAsync(page, 86, "86%");
        AttemptedAtOnce(await EventsAsync(page), "visible");
    }

    [Fact]
    public async Task A_page_woken_after_the_server_dropped_its_circuit_and_its_state_reloads_itself_and_is_live_again()
    {
        var page = await OpenAsync(new Dictionary<string, string?>
        {
            ["Circuits:DisconnectedCircuitRetentionPeriod"] = "00:00:02",
            // Nothing kept to resume from, as after a restart of the server.
            ["Circuits:PersistedCircuitInMemoryMaxRetained"] = "0",
        });
        await SleepPastRetentionAsync(page);

        var reloaded = page.WaitForRequestAsync(r => r.IsNavigationRequest && r.Frame == page.MainFrame, new() { Timeout = 60_000 });
        await page.EvaluateAsync("window.__show(true)");
        await reloaded;

        await AssertLiveAsync(page, 84, "84%");
        Assert.Null(await page.EvaluateAsync<string?>("window.__samePage ?? null"));
    }

    /// <summary>
    /// The page goes to sleep and loses its connection; its retries fail (the negotiation is refused, so the server does
    /// learn the connection is gone) for longer than the server keeps a disconnected circuit.
    /// </summary>
    private async Task SleepPastRetentionAsync(IPage page)
    {
        await page.EvaluateAsync("window.__show(false)");
        await page.RouteAsync("**/_blazor/negotiate**", route => route.AbortAsync());
        await DropConnectionAsync(page);
        await BackingOffAsync(page);
        // The server drops the circuit 2 s after the disconnect; the retries keep failing meanwhile.
        await Wait.UntilAsync(() => Task.FromResult(_dropped.Count > 0), "the server to drop the disconnected circuit", TimeSpan.FromSeconds(60));
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
    }
}
