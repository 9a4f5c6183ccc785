using System.Globalization;
using System.Net.Http.Json;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>The chairman's drill-down in real Chromium: from a gauge to the records behind it, and its report.</summary>
[Collection(HostCollection.Name)]
public sealed class KpiDetailBrowserTests : IAsyncLifetime
{
    private readonly DashboardApp _app = new();
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app.Dispose();
    }

    private string Day(int offset) =>
        _app.Today.AddDays(offset).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private async Task PostDossiersAsync(params object[] dossiers) =>
        (await _app.Http.PostAsJsonAsync("/api/v1/records/dossier?feed=one-stop&unit=que-minh", dossiers)).EnsureSuccessStatusCode();

    [Fact]
    public async Task Tapping_a_gauge_opens_the_records_behind_it_live_and_its_xlsx_holds_the_figures_on_screen()
    {
        // Open dossiers: one past its deadline (late before it is finished), four within it (five: enough to judge a share).
        await PostDossiersAsync(
            new { ma_ho_so = "HS-TRE-01", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(-1), kenh = "truc-tiep", co_quan = "tu-phap-ho-tich" },
            new { ma_ho_so = "HS-DUNG-01", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tuyen-toan-trinh", co_quan = "van-phong" },
            new { ma_ho_so = "HS-DUNG-02", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tiep" },
            new { ma_ho_so = "HS-DUNG-03", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tiep" },
            new { ma_ho_so = "HS-DUNG-04", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tiep" });

        // A tablet, touch-sized.
        var page = await _browser.NewPageAsync(_app, width: 1024, height: 1366, touch: true);
        await page.GotoAsync("/");
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        var tile = page.Locator("[data-kpi='ho-so-tre-han']");
        // 1 late of 5, over the KPI's default period: the year to date, which the tile names.
        await Expect(tile.Locator("[data-role='value']")).ToContainTextAsync("20%");
        await Expect(tile.Locator("[data-role='period']")).ToHaveTextAsync($"Từ đầu năm {_app.Today.Year} đến {_app.Today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}");
        await tile.Locator("[data-role='detail-link']").TapAsync();

        // The tap lands on the same period: the year to date, not the whole year.
        await page.WaitForURLAsync($"**/kpi/ho-so-tre-han?unit=que-minh&period=ytd&cutoff=calendar&date={_app.Today:yyyy-MM-dd}");
        await Expect(page.Locator("[data-role='kpi-name']")).ToHaveTextAsync("Hồ sơ TTHC trễ hẹn");
        await Expect(page.Locator("[data-role='section']")).ToContainTextAsync("Mục 3.2");
        await Expect(page.Locator("[data-role='owner']")).ToHaveTextAsync("Văn phòng UBND xã");
        await Expect(page.Locator("[data-role='figure-value']")).ToHaveTextAsync("20%");
        await Expect(page.Locator("[data-role='figure-status']")).ToHaveTextAsync("Không đạt");
        var late = page.Locator("[data-role='records'] tr[data-record='HS-TRE-01']");
        await Expect(late.Locator("[data-role='agency']")).ToHaveTextAsync("Công chức Tư pháp – Hộ tịch xã");
        await Expect(late.Locator("[data-role='state']")).ToHaveTextAsync("Quá hạn, đang giải quyết · chưa có thư xin lỗi");
        // Only the failing records by default; the on-time one is one tap away.
        await Expect(page.Locator("[data-role='records'] tr[data-record='HS-DUNG-01']")).ToHaveCountAsync(0);
        // The trend is drawn by ApexCharts month by month, with the target as a dashed line; this month's value, the only
        // one, is a visible dot (apexcharts 4.7 alone drew nothing for it).
        await Expect(page.Locator(".trend-chart .apexcharts-canvas")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-role='trend-heading']")).ToHaveTextAsync("Diễn biến 12 tháng gần nhất");
        await Expect(page.Locator(".trend-chart path.apexcharts-line[stroke-dasharray='6']")).ToHaveCountAsync(1);
        await Expect(page.Locator(".trend-chart .apexcharts-marker").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-role='trend-legend']")).ToContainTextAsync("Chỉ tiêu: < 5%");

        // Live: a third dossier, late, arrives while the page is open.
        await page.Locator("main[data-interactive='true']").WaitForAsync();
        await page.EvaluateAsync("window.__noReload = 'still-here'");
        await PostDossiersAsync(new { ma_ho_so = "HS-TRE-02", ma_thu_tuc = "1.001612", ngay_nhan = Day(-4), han_tra = Day(-2), kenh = "truc-tiep", thu_xin_loi = "x" });
        await Expect(page.Locator("[data-role='figure-value']")).ToHaveTextAsync("33,33%");
        await Expect(page.Locator("[data-role='records'] tr[data-record='HS-TRE-02'] [data-role='state']"))
            .ToHaveTextAsync("Quá hạn, đang giải quyết · đã có thư xin lỗi");
        Assert.Equal("still-here", await page.EvaluateAsync<string>("window.__noReload"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("kpi-detail.png"), FullPage = true });

        // The XLSX the leader sends to the district holds what the screen shows.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-role='export-xlsx']").ClickAsync());
        var file = Infrastructure.Browser.ArtifactPath(download.SuggestedFilename);
        await download.SaveAsAsync(file);
        Assert.EndsWith(".xlsx", file);
        await using var stream = File.OpenRead(file);
        var facts = TabularReader.ReadXlsx(stream, Path.GetFileName(file), sheetName: "Chỉ số");
        var rows = facts.Rows.ToDictionary(r => r.Get("Mục") ?? "", r => r.Get("Giá trị") ?? "");
        Assert.Equal(await page.Locator("[data-role='figure-value']").InnerTextAsync(),
            decimal.Parse(rows["Giá trị"], CultureInfo.InvariantCulture).ToString("0.##%", CultureInfo.GetCultureInfo("vi-VN")).Replace(" ", ""));
        Assert.Equal(await page.Locator("[data-role='figure-status']").InnerTextAsync(), rows["Tình trạng"]);
        Assert.Equal(await page.Locator("[data-role='period-range']").InnerTextAsync(), rows["Kỳ báo cáo"].Split('(', ')')[1]);

        stream.Position = 0;
        var records = TabularReader.ReadXlsx(stream, Path.GetFileName(file), sheetName: "Bản ghi");
        var onScreen = await page.Locator("[data-role='records'] tr[data-record]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.record)");
        Assert.Equal(onScreen.Order(), records.Rows.Where(r => r.Get("Chưa đạt") == "Có").Select(r => r.Get("Mã")!).Order());
        Assert.Equal(6, records.Rows.Count);
    }

    [Fact]
    public async Task A_ranking_measured_once_a_year_shows_its_years_in_bands()
    {
        var year = _app.Today.Year;
        foreach (var (period, band) in new[] { ($"{year - 1}", 3), ($"{year}", 4) })
            (await _app.PostReadingsAsync(new { unit = "que-minh", kpi = "xep-hang-dti", period, value = band, source = "bao-cao-xa" })).EnsureSuccessStatusCode();

        var page = await _browser.NewPageAsync(_app, width: 1366, height: 768);
        await page.GotoAsync("/kpi/xep-hang-dti?unit=que-minh&period=year");
        await Expect(page.Locator("[data-role='figure-value']")).ToHaveTextAsync("Tốt");
        // No monthly figure exists for a yearly ranking: five years rather than twelve empty months.
        await Expect(page.Locator("[data-role='trend-heading']")).ToHaveTextAsync("Diễn biến 5 năm gần nhất");
        var axis = page.Locator(".trend-chart .apexcharts-yaxis-label");
        await Expect(axis.Filter(new() { HasText = "Khá" })).ToHaveCountAsync(1);
        await Expect(axis.Filter(new() { HasText = "Xuất sắc" })).ToHaveCountAsync(1);
        await Expect(page.Locator(".trend-chart .apexcharts-xaxis-label").Last).ToContainTextAsync($"{year}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath("kpi-detail-ranking.png"), FullPage = true });
    }

    [Fact]
    public async Task A_kpi_with_no_data_says_so_instead_of_an_empty_chart()
    {
        var page = await _browser.NewPageAsync(_app, width: 1366, height: 768);
        await page.GotoAsync("/kpi/xep-hang-papi?unit=que-minh");
        await Expect(page.Locator("[data-role='trend-empty']")).ToHaveTextAsync("Chưa có dữ liệu trong 12 kỳ gần nhất.");
        await Expect(page.Locator(".trend-chart")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_criterion_losing_points_links_to_the_exact_records()
    {
        await PostDossiersAsync(
            new { ma_ho_so = "HS-TRE-09", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(-1), kenh = "truc-tiep" },
            new { ma_ho_so = "HS-DUNG-09", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tiep" });
        var page = await _browser.NewPageAsync(_app, width: 1024, height: 1366, touch: true);
        await page.GotoAsync("/scores?period=month");
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();

        // TDGQ: 1 of 2 on time → 10 of 20 points; the lost 10 are on one late dossier.
        var tdgq = page.Locator("[data-criterion='TDGQ-1']");
        await Expect(tdgq.Locator("[data-role='points']")).ToHaveTextAsync("10");
        var link = tdgq.Locator("[data-role='recovery-link']");
        await Expect(link).ToHaveTextAsync("1 hồ sơ trễ hạn: −10 điểm");
        await link.TapAsync();
        await page.WaitForURLAsync("**/kpi/ho-so-tre-han?**period=month**");
        await Expect(page.Locator("[data-role='records'] tr[data-record='HS-TRE-09']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-role='period-label']")).ToContainTextAsync("Tháng");
    }
}
