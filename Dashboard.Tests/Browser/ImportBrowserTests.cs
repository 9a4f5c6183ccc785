using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ImportBrowserTests : IAsyncLifetime
{
    private readonly DashboardApp _app = new();
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task A_figure_entered_by_hand_is_stored_shown_and_kept_in_the_audit_trail()
    {
        var page = await _browser.NewPageAsync(_app);
        await page.GotoAsync("/import");
        // The form says when its circuit is live; typing into the prerendered form would be lost.
        var form = page.Locator("[data-role='manual-form'][data-interactive='true']");
        await Expect(form).ToBeVisibleAsync();

        await form.Locator("select[name='kpi']").SelectOptionAsync("sipas");
        await form.Locator("input[name='period']").FillAsync("2026-11");
        await form.Locator("input[name='value']").FillAsync("không rõ");
        await form.Locator("button[type='submit']").ClickAsync();
        await Expect(form.Locator("[data-field='value']")).ToContainTextAsync("không phải là số");

        await form.Locator("input[name='value']").FillAsync("91,5");
        await form.Locator("input[name='note']").FillAsync("Theo kết quả khảo sát quý IV");
        await form.Locator("button[type='submit']").ClickAsync();
        await Expect(form.Locator("[data-role='manual-saved']")).ToContainTextAsync("91,5%");

        await form.Locator("input[name='value']").FillAsync("93");
        await form.Locator("button[type='submit']").ClickAsync();
        var audit = page.Locator("[data-role='manual-audit'] tbody tr");
        await Expect(audit).ToHaveCountAsync(2);
        // Entered under the signed-in account, not a name typed into the form.
        await Expect(audit.First).ToContainTextAsync(DashboardApp.AdminName);
        await Expect(audit.First).ToContainTextAsync("91,5%");
        await Expect(audit.First).ToContainTextAsync("93%");

        var snapshot = await _app.GetSnapshotAsync();
        Assert.Equal(93m, snapshot.Kpi("sipas").Value);
        Assert.Equal("manual", snapshot.Kpi("sipas").Source);
    }

    [Fact]
    public async Task A_file_uploaded_on_the_import_page_shows_its_result()
    {
        var page = await _browser.NewPageAsync(_app);
        await page.GotoAsync("/import");
        // Choices made before the circuit starts would be redrawn away: wait until the page is live.
        await Expect(page.Locator("[data-role='manual-form'][data-interactive='true']")).ToBeVisibleAsync();
        var form = page.Locator("[data-role='import-form']");
        await form.Locator("select[name='feed']").SelectOptionAsync("one-stop");
        await form.Locator("select[name='kind']").SelectOptionAsync("procedure");
        await form.Locator("input[name='file']").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "seeds", "samples", "thu-tuc.csv"));
        await form.Locator("button[type='submit']").ClickAsync();

        var result = page.Locator("[data-role='import-result']");
        await Expect(result).ToHaveAttributeAsync("data-outcome", "succeeded");
        await Expect(result.Locator("h2")).ToContainTextAsync("one-stop");
        await Expect(result.Locator("[data-role='import-summary']")).ToContainTextAsync("4 dòng được nhận");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("import-result.png"), FullPage = true });
    }
}
