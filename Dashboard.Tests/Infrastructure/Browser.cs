using Microsoft.Playwright;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright for .NET (Playwright cannot download browsers here).
/// A missing browser fails the test with a message; it never skips.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        Playwright = playwright;
        Instance = browser;
    }

    public IPlaywright Playwright { get; }
    public IBrowser Instance { get; }

    public static async Task<Browser> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? ChromiumPath;
        if (!File.Exists(path))
            throw new InvalidOperationException($"Chromium not found at {path}: install it (apt-get install chromium) or set CHROMIUM_PATH.");
        Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
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
        return new Browser(playwright, browser);
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
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions
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

    public async ValueTask DisposeAsync()
    {
        await Instance.DisposeAsync();
        Playwright.Dispose();
    }
}
