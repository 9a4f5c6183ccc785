using Microsoft.Playwright;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright for .NET (Playwright cannot download browsers here).
/// A missing browser fails the test with a message; it never skips.
/// One Chromium process serves the whole run (starting one takes seconds, and xunit makes a test class anew for each
/// test); each <see cref="Browser"/> is one test's share of it: its own contexts (cookies, storage, routes), closed
/// when it is disposed.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Launching = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _shared;

    private readonly List<IBrowserContext> _contexts = [];

    // The driver (and with it Chromium) would go when the test host's pipes close; this says so outright.
    static Browser() => AppDomain.CurrentDomain.ProcessExit += (_, _) => _playwright?.Dispose();

    private Browser(IBrowser browser) => Instance = browser;

    private IBrowser Instance { get; }

    /// <summary>This test's share of the run's Chromium, started on first use (and again should it have died).</summary>
    public static async Task<Browser> LaunchAsync()
    {
        await Launching.WaitAsync();
        try
        {
            if (_shared is not { IsConnected: true })
            {
                if (_shared is not null) await _shared.DisposeAsync();
                _shared = await StartChromiumAsync();
            }
            return new Browser(_shared);
        }
        finally
        {
            Launching.Release();
        }
    }

    private static async Task<IBrowser> StartChromiumAsync()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? ChromiumPath;
        if (!File.Exists(path))
            throw new InvalidOperationException($"Chromium not found at {path}: install it (apt-get install chromium) or set CHROMIUM_PATH.");
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright ??= await Microsoft.Playwright.Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Timeout = 60_000,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-extensions", "--no-first-run", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A context of this test's own, closed with it.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Instance.NewContextAsync(options);
        lock (_contexts) _contexts.Add(context);
        return context;
    }

    /// <summary>A page signed in as the app's administrator (the sign-in cookie of <see cref="DashboardApp.Http"/>).</summary>
    public async Task<IPage> NewPageAsync(DashboardApp app, int width = 1440, int height = 900, string? locale = "vi-VN", bool touch = false,
        bool signedIn = true)
    {
        var page = await NewPageAsync(app.BaseAddress, width, height, locale, touch);
        if (signedIn)
            await page.Context.AddCookiesAsync(app.Cookies.GetCookies(app.BaseAddress).Select(c => new Cookie
            {
                Name = c.Name, Value = c.Value, Domain = app.BaseAddress.Host, Path = "/", HttpOnly = c.HttpOnly, SameSite = SameSiteAttribute.Lax,
            }));
        return page;
    }

    /// <param name="touch">A touch screen (the chairman's tablet): taps instead of clicks.</param>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1440, int height = 900, string? locale = "vi-VN", bool touch = false)
    {
        var context = await NewContextAsync(new BrowserNewContextOptions
        {
            HasTouch = touch,
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Screenshots go to $DASHBOARD_ARTIFACTS (set by .ci/run) or the test output folder.</summary>
    public static string ArtifactPath(string name)
    {
        var folder = Environment.GetEnvironmentVariable("DASHBOARD_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    /// <summary>
    /// A screenshot for the artifacts folder as JPEG: a test that shoots every page at six sizes up to 4K spent about a
    /// quarter of its time encoding PNGs. For a person looking at the layout, JPEG at this quality shows the same.
    /// </summary>
    public static PageScreenshotOptions Shot(string name, bool fullPage = false) =>
        new() { Path = ArtifactPath(name + ".jpg"), Type = ScreenshotType.Jpeg, Quality = 80, FullPage = fullPage };

    /// <summary>Closes this test's contexts (and their pages); Chromium stays for the next test.</summary>
    public async ValueTask DisposeAsync()
    {
        IBrowserContext[] contexts;
        lock (_contexts) contexts = [.. _contexts];
        foreach (var context in contexts)
        {
            try { await context.CloseAsync(); }
            catch (PlaywrightException) { } // Chromium gone: the next LaunchAsync starts another
        }
    }
}
