using System.Globalization;
using System.Net.Http.Json;
using Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// In real Chromium: an administrator records on /admin/units that Quế Minh and Quế An became Quế Sơn Trung on 1/7/2026;
/// the successor's overview and KPI page show figures that count both communes' records, and a predecessor's page for a
/// month before the merger shows its own history under its own name.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class UnitMergerBrowserTests : IAsyncLifetime
{
    private readonly DashboardApp _app = new();
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app.Dispose();
    }

    /// <summary>Quế Minh: 10 dossiers received online in March 2026; Quế An: 10 received at the desk in April.</summary>
    private async Task PostDossiersAsync()
    {
        foreach (var (unit, month, channel) in new[] { ("que-minh", 3, "truc-tuyen-toan-trinh"), ("que-an", 4, "truc-tiep") })
        {
            var dossiers = Enumerable.Range(1, 10).Select(i => new
            {
                ma_ho_so = $"{unit}-{i}", ma_thu_tuc = "1.001612", kenh = channel,
                ngay_nhan = new DateOnly(2026, month, i).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
                han_tra = new DateOnly(2026, month, i + 10).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            }).ToArray();
            (await _app.Http.PostAsJsonAsync($"/api/v1/records/dossier?feed=one-stop&unit={unit}", dossiers)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_merger_recorded_by_the_administrator_shows_the_successors_figures_with_the_predecessors_history()
    {
        await PostDossiersAsync();
        var page = await _browser.NewPageAsync(_app);

        await page.GotoAsync("/admin/units");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Đơn vị hành chính");
        var form = page.Locator("[data-role='merge-form']");
        await form.Locator("select[name='Merge.Predecessors']").SelectOptionAsync(["que-minh", "que-an"]);
        await form.Locator("input[name='Merge.Code']").FillAsync("que-son-trung");
        await form.Locator("input[name='Merge.NameVi']").FillAsync("Xã Quế Sơn Trung");
        await form.Locator("input[name='Merge.NameEn']").FillAsync("Que Son Trung Commune");
        await form.Locator("select[name='Merge.Parent']").SelectOptionAsync("que-son");
        await form.Locator("input[name='Merge.Date']").FillAsync("2026-07-01");
        await form.Locator("button[type='submit']").ClickAsync();

        await Expect(page.Locator("[data-role='admin-message']")).ToHaveTextAsync("Đã lưu thay đổi của đơn vị que-son-trung, hiệu lực từ 01/07/2026.");
        // The tree on the merger's day: the successor under the district, formed from the two; they are listed as merged.
        var successor = page.Locator("[data-role='unit-tree'] li[data-unit='que-son'] li[data-unit='que-son-trung']");
        await Expect(successor.Locator("[data-role='formed-from']")).ToContainTextAsync("Xã Quế Minh");
        await Expect(page.Locator("[data-role='unit-tree'] li[data-unit='que-minh']")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-role='retired-units'] li[data-unit='que-an']"))
            .ToContainTextAsync("đã sáp nhập vào Xã Quế Sơn Trung từ 01/07/2026");
        await page.ScreenshotAsync(new() { Path = Infrastructure.Browser.ArtifactPath("unit-merger-admin.png"), FullPage = true });

        // The successor's overview: its gauge counts both communes' dossiers (10 online of 20 this year).
        await page.GotoAsync("/?unit=que-son-trung");
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Xã Quế Sơn Trung");
        await Expect(page.Locator("[data-role='formed-from']")).ToContainTextAsync("Xã Quế Minh, Xã Quế An");
        var tile = page.Locator("[data-kpi='ho-so-truc-tuyen']");
        await Expect(tile.Locator("[data-role='value']")).ToContainTextAsync("50%");
        await tile.Locator("[data-role='detail-link']").ClickAsync();
        await page.WaitForURLAsync("**/kpi/ho-so-truc-tuyen?unit=que-son-trung**");
        await Expect(page.Locator("[data-role='figure-value']")).ToHaveTextAsync("50%");
        // The records behind it are Quế An's desk dossiers (the failing ones shown first).
        await Expect(page.Locator("[data-role='records'] tr[data-record='QUE-AN-1']")).ToHaveCountAsync(1);

        // A predecessor, for a month before the merger: its own figure and records, under its own name, with the note.
        await page.GotoAsync("/kpi/ho-so-truc-tuyen?unit=que-minh&period=month&date=2026-03-15&all=1");
        await Expect(page.Locator("[data-role='figure-value']")).ToHaveTextAsync("100%");
        await Expect(page.Locator(".detail-meta").First).ToContainTextAsync("Xã Quế Minh");
        await Expect(page.Locator("[data-role='merged-into']")).ToContainTextAsync("Xã Quế Minh đã sáp nhập vào Xã Quế Sơn Trung từ 01/07/2026");
        await Expect(page.Locator("[data-role='records'] tr[data-record='QUE-MINH-1']")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-role='records'] tr[data-record='QUE-AN-1']")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Infrastructure.Browser.ArtifactPath("unit-merger-predecessor.png"), FullPage = true });
    }
}
