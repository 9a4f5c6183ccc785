using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>Two exports of a one-stop package, written by LibreOffice once for the class.</summary>
public sealed class OneStopUploads : IAsyncLifetime
{
    /// <summary>The package's name for the procedure code, which no alias knows: staff must map it once.</summary>
    public const string ProcedureHeader = "Mã TTHC (DVC)";

    public string First { get; private set; } = "";
    public string Second { get; private set; } = "";

    public async Task InitializeAsync()
    {
        First = await LibreOffice.ConvertToXlsxAsync(OneStopExport.Fods(
        [
            new("HS-2611-0001", new(2026, 11, 2, 8, 15, 0), new(2026, 11, 5), new(2026, 11, 4, 10, 40, 0), "Trực tiếp"),
            // Due before it was received: the preview shows the row's error before anything is stored.
            new("HS-2611-0002", new(2026, 11, 3, 9, 0, 0), new(2026, 11, 1), null, "Trực tuyến toàn trình"),
            new("HS-2611-0003", new(2026, 11, 4, 14, 20, 0), new(2026, 11, 7), null, "Bưu chính"),
        ], ProcedureHeader), "ho-so-thang-11", OneStopExport.LookupSheet);
        Second = await LibreOffice.ConvertToXlsxAsync(OneStopExport.Fods(
        [
            new("HS-2612-0001", new(2026, 12, 1, 7, 30, 0), new(2026, 12, 3), null, "Trực tuyến một phần"),
            new("HS-2612-0002", new(2026, 12, 2, 15, 0, 0), new(2026, 12, 4), new(2026, 12, 3, 9, 0, 0), "Trực tiếp"),
        ], ProcedureHeader), "ho-so-thang-12", OneStopExport.LookupSheet);
    }

    public Task DisposeAsync()
    {
        foreach (var file in new[] { First, Second }) Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        return Task.CompletedTask;
    }
}

[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ImportMappingBrowserTests(OneStopUploads files) : IClassFixture<OneStopUploads>, IAsyncLifetime
{
    private readonly DashboardApp _app = new();
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app.Dispose();
    }

    private async Task<int> DossiersAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.Records.CountAsync(r => r.Kind == "dossier");
    }

    private static async Task UploadAsync(IPage page, string file)
    {
        await page.GotoAsync("/import");
        // Choices made before the circuit starts would be redrawn away: wait until the page is live.
        await Expect(page.Locator("[data-role='manual-form'][data-interactive='true']")).ToBeVisibleAsync();
        var form = page.Locator("[data-role='import-form']");
        await form.Locator("select[name='feed']").SelectOptionAsync("one-stop");
        await form.Locator("select[name='kind']").SelectOptionAsync("dossier");
        await form.Locator("input[name='file']").SetInputFilesAsync(file);
        await form.Locator("button[type='submit']").ClickAsync();
    }

    [Fact]
    public async Task A_one_stop_export_imports_after_a_one_time_mapping_with_a_preview_and_the_next_one_without_asking()
    {
        var page = await _browser.NewPageAsync(_app);
        await UploadAsync(page, files.First);

        var mapping = page.Locator("[data-role='import-mapping']");
        await Expect(mapping).ToBeVisibleAsync();
        await Expect(mapping).ToContainTextAsync("ho-so-thang-11.xlsx");
        await Expect(mapping).ToContainTextAsync("Trang tính 'Hồ sơ', dòng tiêu đề là dòng 4");
        // The headers it knows are matched already, in the file's own order; the one it does not is asked for.
        await Expect(mapping.Locator("select[name='map.ma_ho_so']")).ToHaveValueAsync("Mã hồ sơ");
        await Expect(mapping.Locator("select[name='map.ngay_nhan']")).ToHaveValueAsync("Ngày tiếp nhận");
        await Expect(mapping.Locator("select[name='map.han_tra']")).ToHaveValueAsync("Ngày hẹn trả");
        await Expect(mapping.Locator("select[name='map.kenh']")).ToHaveValueAsync("Hình thức nộp");
        await Expect(mapping.Locator("select[name='map.ma_thu_tuc']")).ToHaveValueAsync("");
        await Expect(mapping.Locator("[data-field='ma_thu_tuc'] abbr.required")).ToBeVisibleAsync();
        await Expect(mapping.Locator("[data-role='mapping-problems']")).ToContainTextAsync("Chưa chọn cột cho trường bắt buộc 'Mã thủ tục' (ma_thu_tuc)");
        await Expect(mapping.Locator("button[value='import']")).ToBeDisabledAsync();
        Assert.Equal(0, await DossiersAsync());

        await Expect(page.Locator("[data-role='manual-form'][data-interactive='true']")).ToBeVisibleAsync();
        await mapping.Locator("select[name='map.ma_thu_tuc']").SelectOptionAsync(OneStopUploads.ProcedureHeader);
        await mapping.Locator("button[value='preview']").ClickAsync();

        await Expect(mapping.Locator("select[name='map.ma_thu_tuc']")).ToHaveValueAsync(OneStopUploads.ProcedureHeader);
        await Expect(mapping.Locator("[data-role='mapping-problems']")).ToHaveCountAsync(0);
        await Expect(mapping.Locator("[data-role='preview-counts']")).ToContainTextAsync("3 dòng dữ liệu, 1 dòng có lỗi");
        var preview = mapping.Locator("[data-role='preview'] tbody tr");
        await Expect(preview).ToHaveCountAsync(3);
        await Expect(preview.Nth(0)).ToContainTextAsync("HS-2611-0001");
        await Expect(preview.Nth(0)).ToContainTextAsync("1.001612");
        // What would be stored, in vi-VN: the time in Vietnam, the channel's code; a row with an error shows its own text.
        await Expect(preview.Nth(0)).ToContainTextAsync("02/11/2026 08:15");
        await Expect(preview.Nth(0)).ToContainTextAsync("truc-tiep");
        await Expect(preview.Nth(1)).ToContainTextAsync("Trực tuyến toàn trình");
        await Expect(preview.Nth(1)).ToHaveAttributeAsync("data-row", "6");
        await Expect(preview.Nth(1)).ToContainTextAsync("han_tra");
        Assert.Equal(0, await DossiersAsync());

        await Expect(page.Locator("[data-role='manual-form'][data-interactive='true']")).ToBeVisibleAsync();
        // The live page reads the upload again once its circuit starts.
        await Expect(preview).ToHaveCountAsync(3);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("import-mapping.png"), FullPage = true });
        // Mapped on the chairman's iPad either way up: the form wraps and the preview scrolls in its own box, never the page.
        foreach (var (width, height) in new[] { (820, 1180), (1180, 820) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.EvaluateAsync("document.fonts.ready");
            Assert.Empty(await page.EvaluateAsync<string[]>(LayoutBrowserTests.LayoutScript));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath($"import-mapping-{width}x{height}.png"), FullPage = true });
        }
        await mapping.Locator("button[value='import']").ClickAsync();
        var result = page.Locator("[data-role='import-result']");
        await Expect(result).ToHaveAttributeAsync("data-outcome", "succeeded");
        await Expect(result.Locator("[data-role='import-summary']")).ToContainTextAsync("2 dòng được nhận");
        await Expect(result.Locator("table.runs tbody tr")).ToHaveCountAsync(1);
        Assert.Equal(2, await DossiersAsync());

        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync())
        {
            var audit = await db.Audit.SingleAsync(a => a.Action == "import-mapping-saved");
            Assert.Equal(DashboardApp.AdminName, audit.Who);
            Assert.Contains($"one-stop/dossier: ", audit.Detail);
            Assert.Contains($"{OneStopUploads.ProcedureHeader} → ma_thu_tuc", audit.Detail);
        }

        // The next month's export has the same columns: it imports at once with the saved mapping.
        await UploadAsync(page, files.Second);
        await Expect(result).ToHaveAttributeAsync("data-outcome", "succeeded");
        await Expect(result.Locator("[data-role='import-summary']")).ToContainTextAsync("2 dòng được nhận");
        await Expect(page.Locator("[data-role='import-mapping']")).ToHaveCountAsync(0);
        Assert.Equal(4, await DossiersAsync());
    }
}
