using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>A file over the import limit, chosen and sent in a real browser: the page says so, naming the limit.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ImportLimitBrowserTests : IAsyncLifetime
{
    // 0.5 MB, so that a 2 MB file is over the limit and the 1 MB allowed for the form around it.
    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?> { ["Import:MaxBytes"] = "524288" });
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task A_file_over_the_limit_brings_the_page_back_with_the_limit_in_mb()
    {
        var page = await _browser.NewPageAsync(_app);
        await page.GotoAsync("/import");
        await Expect(page.Locator("[data-role='manual-form'][data-interactive='true']")).ToBeVisibleAsync();
        var form = page.Locator("[data-role='import-form']");
        await form.Locator("select[name='feed']").SelectOptionAsync("one-stop");
        await form.Locator("select[name='kind']").SelectOptionAsync("procedure");
        await form.Locator("input[name='file']").SetInputFilesAsync(new FilePayload
        {
            Name = "thu-tuc.csv", MimeType = "text/csv", Buffer = new byte[2 * 1024 * 1024],
        });
        await form.Locator("button[type='submit']").ClickAsync();

        var error = page.Locator("[data-role='import-error']");
        await Expect(error).ToHaveAttributeAsync("data-error", "too-large");
        await Expect(error).ToContainTextAsync("tối đa 0,5 MB");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("import-too-large.png"), FullPage = true });
    }
}
