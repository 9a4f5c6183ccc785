using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Store;
using Hangfire;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Integration;

/// <summary>CSV exports uploaded through the multipart endpoint into a real SQLite store.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class RecordImportTests : IDisposable
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "seeds", "samples");
    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?> { ["Import:MaxBytes"] = "200000", ["Import:MaxRows"] = "1000" });

    public void Dispose() => _app.Dispose();

    private async Task<JsonElement> UploadAsync(string kind, byte[] content, string fileName, string feed = "one-stop", string? unit = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(file, "file", fileName);
        var url = $"/api/v1/imports?feed={feed}&kind={kind}" + (unit is null ? "" : $"&unit={unit}");
        var response = await _app.Http.PostAsync(url, form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    private async Task<List<FeedRejection>> RejectionsAsync(JsonElement result)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var run = result.GetProperty("runId").GetInt64();
        return await db.FeedRejections.Where(r => r.RunId == run).OrderBy(r => r.Row).ToListAsync();
    }

    private async Task<List<SourceRecord>> RecordsAsync(string kind)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.Records.Where(r => r.Kind == kind).OrderBy(r => r.RecordKey).ToListAsync();
    }

    [Fact]
    public async Task The_sample_exports_import_cleanly_and_a_second_import_changes_nothing()
    {
        foreach (var (kind, file, feed) in new[]
        {
            ("procedure", "thu-tuc.csv", "one-stop"), ("dossier", "ho-so.csv", "one-stop"), ("feedback", "phan-anh.csv", "one-stop"),
            ("report", "bao-cao.csv", "lris-gris"), ("task", "nhiem-vu.csv", "district-tasks"), ("document", "van-ban.csv", "doc-exchange"),
            ("disbursement", "giai-ngan.csv", "finance"),
        })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(Samples, file));
            var first = await UploadAsync(kind, bytes, file, feed);
            Assert.True(first.GetProperty("succeeded").GetBoolean(), $"{file}: {first}");
            Assert.Equal(0, first.GetProperty("rejected").GetInt32());
            Assert.True(first.GetProperty("inserted").GetInt32() > 0, file);

            var again = await UploadAsync(kind, bytes, file, feed);
            Assert.Equal(0, again.GetProperty("inserted").GetInt32());
            Assert.Equal(0, again.GetProperty("updated").GetInt32());
            Assert.Equal(first.GetProperty("accepted").GetInt32(), again.GetProperty("unchanged").GetInt32());
        }

        var dossier = (await RecordsAsync("dossier")).First(r => r.RecordKey.EndsWith("0004"));
        using var data = JsonDocument.Parse(dossier.DataJson);
        // 23:30 local on the due date is stored as UTC, the due date itself as a local calendar date.
        Assert.Equal("2026-11-10T16:30:00Z", data.RootElement.GetProperty("ngay_tra").GetString());
        Assert.Equal("2026-11-10", data.RootElement.GetProperty("han_tra").GetString());
        var project = (await RecordsAsync("disbursement")).First(r => r.RecordKey == "DA-GTNT-01@2026-11-25");
        Assert.Equal(1_250_000_000m, JsonDocument.Parse(project.DataJson).RootElement.GetProperty("ke_hoach_von").GetDecimal());
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_row_field_and_reason_and_the_good_rows_are_stored()
    {
        await UploadAsync("procedure", await File.ReadAllBytesAsync(Path.Combine(Samples, "thu-tuc.csv")), "thu-tuc.csv");
        var result = await UploadAsync("dossier", Csv(
            "ma_don_vi,ma_ho_so,ma_thu_tuc,ngay_nhan,han_tra,ngay_tra,kenh,thu_xin_loi",
            "que-minh,HS-1,1.001612,02/11/2026,05/11/2026,,truc-tiep,",                 // row 2: good
            "que-minh,HS-2,1.001612,31/02/2026,05/11/2026,,truc-tiep,",                 // row 3: no such date
            "que-minh,HS-3,1.001612,06/11/2026,05/11/2026,,truc-tiep,",                 // row 4: due before received
            "xa-la,HS-4,1.001612,02/11/2026,05/11/2026,,truc-tiep,",                    // row 5: unknown unit
            "que-minh,HS-5,9.999999,02/11/2026,05/11/2026,,truc-tiep,",                 // row 6: unknown procedure
            "que-minh,HS-6,1.001612,02/11/2026,05/11/2026,,qua-zalo,",                  // row 7: unknown channel
            "que-minh,HS-1,1.001612,02/11/2026,05/11/2026,,truc-tiep,",                 // row 8: same id as row 2
            "que-minh,HS-7,1.001612,02/11/2026,05/11/2026,,truc-tiep,co le",            // row 9: not a yes/no
            "que-minh,,1.001612,02/11/2026,05/11/2026,,truc-tiep,",                     // row 10: no id
            "que-minh,HS-8,1.001612,03/11/2026 08:00,10/11/2026,,truc-tuyen-toan-trinh,x"), // row 11: good
            "ho-so-loi.csv");

        Assert.True(result.GetProperty("succeeded").GetBoolean());
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        var rejections = await RejectionsAsync(result);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10], rejections.Select(r => r.Row));
        Assert.Contains(rejections, r => r.Row == 3 && r.Field == "ngay_nhan" && r.Reason.Contains("31/02/2026"));
        Assert.Contains(rejections, r => r.Row == 4 && r.Field == "han_tra" && r.Reason.Contains("trước"));
        Assert.Contains(rejections, r => r.Row == 5 && r.Field == "ma_don_vi" && r.Reason.Contains("xa-la"));
        Assert.Contains(rejections, r => r.Row == 6 && r.Field == "ma_thu_tuc" && r.Reason.Contains("9.999999"));
        Assert.Contains(rejections, r => r.Row == 7 && r.Field == "kenh" && r.Reason.Contains("qua-zalo"));
        Assert.Contains(rejections, r => r.Row == 8 && r.Field == "ma_ho_so" && r.Reason.Contains("dòng 2"));
        Assert.Contains(rejections, r => r.Row == 9 && r.Field == "thu_xin_loi");
        Assert.Contains(rejections, r => r.Row == 10 && r.Field == "ma_ho_so" && r.Reason.Contains("bắt buộc"));
        Assert.Equal(["HS-1", "HS-8"], (await RecordsAsync("dossier")).Select(r => r.RecordKey));
    }

    [Fact]
    public async Task A_cumulative_re_export_updates_changed_rows_and_keeps_their_history()
    {
        const string header = "ma_don_vi,ma_ho_so,ma_thu_tuc,ngay_nhan,han_tra,ngay_tra,kenh";
        await UploadAsync("dossier", Csv(header, "que-minh,HS-1,1.001612,02/11/2026,05/11/2026,,truc-tiep", "que-minh,HS-2,1.001612,02/11/2026,05/11/2026,,truc-tiep"), "ngay-1.csv");

        var result = await UploadAsync("dossier", Csv(header,
            "que-minh,HS-1,1.001612,02/11/2026,05/11/2026,04/11/2026 16:00,truc-tiep",   // now finished
            "que-minh,HS-2,1.001612,02/11/2026,05/11/2026,,truc-tiep",                   // unchanged
            "que-minh,HS-3,1.001612,03/11/2026,06/11/2026,,truc-tiep"), "ngay-2.csv");    // new

        Assert.Equal((1, 1, 1), (result.GetProperty("inserted").GetInt32(), result.GetProperty("updated").GetInt32(), result.GetProperty("unchanged").GetInt32()));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var hs1 = await db.Records.SingleAsync(r => r.RecordKey == "HS-1");
        var history = await db.RecordHistory.SingleAsync();
        Assert.Equal(hs1.Id, history.RecordId);
        Assert.Contains("\"ngay_tra\":null", history.DataJson);
        Assert.Contains("2026-11-04T09:00:00Z", hs1.DataJson);
    }

    [Fact]
    public async Task After_imports_the_figures_come_from_what_a_fresh_load_of_the_store_holds()
    {
        // The import merges what it changed into the record cache instead of reading the units back: after a first
        // import, a re-export with changes and another feed's version of a dossier, the cache must be what a load reads.
        foreach (var (kind, file) in new[] { ("procedure", "thu-tuc.csv"), ("dossier", "ho-so.csv"), ("feedback", "phan-anh.csv") })
            await UploadAsync(kind, await File.ReadAllBytesAsync(Path.Combine(Samples, file)), file);
        const string header = "ma_don_vi,ma_ho_so,ma_thu_tuc,ngay_nhan,han_tra,ngay_tra,kenh";
        await UploadAsync("dossier", Csv(header,
            "que-minh,000.00.15.H55-261103-0002,1.001193,03/11/2026 09:00,06/11/2026,09/11/2026 10:00,truc-tuyen-toan-trinh",
            "que-minh,HS-9,1.001612,20/11/2026,25/11/2026,,truc-tiep", "que-an,HS-9,1.001612,20/11/2026,21/11/2026,,truc-tiep"), "lan-2.csv");
        await UploadAsync("dossier", Csv(header, "que-minh,HS-9,1.001612,20/11/2026,26/11/2026,24/11/2026 09:00,buu-chinh"), "tinh.csv", feed: "lris-gris");

        var cache = _app.Services.GetRequiredService<RecordCache>();
        var loaded = new RecordCache(_app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>(), Options.Create(new DemoDataOptions()));
        await loaded.LoadAllAsync();
        Assert.Equal(loaded.UnitsWithRecords.Order(), cache.UnitsWithRecords.Order());
        foreach (var unit in loaded.UnitsWithRecords)
        {
            var (a, b) = (loaded.Own(unit), cache.Own(unit));
            Assert.Equal(a.Dossiers.OrderBy(d => d.Key, StringComparer.Ordinal), b.Dossiers.OrderBy(d => d.Key, StringComparer.Ordinal));
            Assert.Equal(a.Procedures.Values.OrderBy(p => p.Key, StringComparer.Ordinal), b.Procedures.Values.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(a.Feedback.OrderBy(f => f.Key, StringComparer.Ordinal), b.Feedback.OrderBy(f => f.Key, StringComparer.Ordinal));
        }
        Assert.Equal(Channel.Post, cache.Own("que-minh").Dossiers.Single(d => d.Key == "HS-9").Channel);
    }

    [Fact]
    public async Task Two_feeds_storing_a_dossier_at_the_same_instant_count_the_version_stored_last()
    {
        // A stopped clock gives both versions one UpdatedAt; which counts must not depend on the order the store returns rows.
        _app.Clock.Stop();
        const string header = "ma_don_vi,ma_ho_so,ma_thu_tuc,ngay_nhan,han_tra,ngay_tra,kenh";
        await UploadAsync("dossier", Csv(header, "que-minh,HS-9,1.001612,20/11/2026,25/11/2026,,truc-tiep"), "xa.csv");
        await UploadAsync("dossier", Csv(header, "que-minh,HS-9,1.001612,20/11/2026,26/11/2026,24/11/2026 09:00,buu-chinh"), "tinh.csv", feed: "lris-gris");

        var loaded = new RecordCache(_app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>(), Options.Create(new DemoDataOptions()));
        await loaded.LoadAllAsync();
        Assert.Equal(Channel.Post, loaded.Own("que-minh").Dossiers.Single(d => d.Key == "HS-9").Channel);
        Assert.Equal(Channel.Post, _app.Services.GetRequiredService<RecordCache>().Own("que-minh").Dossiers.Single(d => d.Key == "HS-9").Channel);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_refused_and_nothing_is_stored()
    {
        var windows1258 = new byte[] { 0x6D, 0x61, 0x5F, 0x74, 0x68, 0x75, 0x5F, 0x74, 0x75, 0x63, 0x2C, 0x74, 0x65, 0x6E, 0x5F, 0x74, 0x68, 0x75, 0x5F, 0x74, 0x75, 0x63, 0x0D, 0x0A,
            0x31, 0x2C, 0xD0, 0xE3, 0x6E, 0x67, 0x20, 0x6B, 0xFD, 0x0D, 0x0A }; // "1,Đăng ký" in Windows-1258
        var result = await UploadAsync("procedure", windows1258, "thu-tuc-ansi.csv", unit: "que-minh");

        Assert.False(result.GetProperty("succeeded").GetBoolean());
        Assert.Contains("UTF-8", result.GetProperty("error").GetString());
        Assert.Contains("thu-tuc-ansi.csv", result.GetProperty("error").GetString());
        Assert.Empty(await RecordsAsync("procedure"));
    }

    [Fact]
    public async Task An_oversized_file_is_refused_before_anything_is_stored()
    {
        var lines = new List<string> { "ma_don_vi,ma_thu_tuc,ten_thu_tuc" };
        for (var i = 0; i < 5000; i++) lines.Add($"que-minh,{i},Thủ tục số {i} với một cái tên khá dài để tệp vượt quá giới hạn");
        var result = await UploadAsync("procedure", Csv([.. lines]), "qua-lon.csv");

        Assert.False(result.GetProperty("succeeded").GetBoolean());
        Assert.Contains("qua-lon.csv", result.GetProperty("error").GetString());
        Assert.Empty(await RecordsAsync("procedure"));
    }

    [Fact]
    public async Task Formula_looking_cells_are_stored_as_text()
    {
        var result = await UploadAsync("procedure", Csv("ma_thu_tuc,ten_thu_tuc", "1.000001,=HYPERLINK(\"http://x\";\"bấm\")", "1.000002,@SUM(A1:A3)", "1.000003,+84 905 000 000"), "cong-thuc.csv", unit: "que-minh");

        Assert.Equal(3, result.GetProperty("accepted").GetInt32());
        var names = (await RecordsAsync("procedure")).Select(r => JsonDocument.Parse(r.DataJson).RootElement.GetProperty("ten_thu_tuc").GetString()).ToList();
        Assert.Equal(["=HYPERLINK(\"http://x\";\"bấm\")", "@SUM(A1:A3)", "+84 905 000 000"], names);
    }

    [Fact]
    public async Task Every_import_is_a_recorded_run_of_its_feed()
    {
        await UploadAsync("procedure", await File.ReadAllBytesAsync(Path.Combine(Samples, "thu-tuc.csv")), "thu-tuc.csv");
        var runs = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext()
            .FeedRuns.Where(r => r.FeedId == "one-stop").ToListAsync();
        var run = Assert.Single(runs);
        // Through the API: a script's import, told apart from an upload on the page.
        Assert.Equal("api", run.Trigger);
        Assert.Equal(FeedOutcome.Succeeded, run.Outcome);
        Assert.NotNull(_app.Services.GetRequiredService<Dashboard.Shared.Engine.FeedHealth>().Find("one-stop")!.LastSuccessAt);
    }

    [Fact]
    public async Task The_records_webhook_takes_json_items_and_reports_bad_ones_by_item_number()
    {
        var response = await _app.Http.PostAsJsonAsync("/api/v1/records/task?feed=district-tasks&unit=que-minh", new object[]
        {
            new { ma_nhiem_vu = "NV-1", noi_dung = "Rà soát TTHC", ngay_giao = "01/11/2026", han_hoan_thanh = "15/11/2026", ngay_hoan_thanh = "14/11/2026" },
            new { ma_nhiem_vu = "NV-2", noi_dung = "Báo cáo số hóa", ngay_giao = "01/11/2026", han_hoan_thanh = "30/10/2026" },
            new { ma_nhiem_vu = "NV-3", noi_dung = "Tập huấn DVC", ngay_giao = "2026-11-05", han_hoan_thanh = "2026-11-20", ngay_hoan_thanh = (string?)null },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        var rejection = Assert.Single(await RejectionsAsync(result));
        Assert.Equal((2, "han_hoan_thanh"), (rejection.Row, rejection.Field));
        Assert.Equal(["NV-1", "NV-3"], (await RecordsAsync("task")).Select(r => r.RecordKey));

        var unknown = await _app.Http.PostAsJsonAsync("/api/v1/records/hop-dong?feed=district-tasks", Array.Empty<object>());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("hop-dong", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_dropped_into_the_watched_folder_is_imported_once_and_moved_aside()
    {
        var folder = Path.Combine(_app.DataPath, "inbox", "one-stop", "procedure");
        Directory.CreateDirectory(folder);
        var dropped = Path.Combine(folder, "thu-tuc.csv");
        File.Copy(Path.Combine(Samples, "thu-tuc.csv"), dropped);
        // Settled a minute ago by the app's clock, which is the one the job compares with.
        File.SetLastWriteTimeUtc(dropped, _app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));

        _app.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<Dashboard.Jobs.Jobs.WatchFolderJob>(j => j.RunAsync(CancellationToken.None));

        await Wait.UntilAsync(() => Task.FromResult(!File.Exists(dropped)), "the dropped file to be moved");
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "da-nhap"), "*thu-tuc.csv"));
        Assert.Equal(4, (await RecordsAsync("procedure")).Count);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.Equal("folder", (await db.FeedRuns.SingleAsync()).Trigger);
    }

    [Fact]
    public async Task An_xlsx_export_with_date_cells_imports_like_a_csv()
    {
        var sheet = Unit.TabularReaderTests.Sheet(
            Unit.TabularReaderTests.Row(1, Unit.TabularReaderTests.Inline("A1", "Mã nhiệm vụ"), Unit.TabularReaderTests.Inline("B1", "Nội dung"),
                Unit.TabularReaderTests.Inline("C1", "Ngày giao"), Unit.TabularReaderTests.Inline("D1", "Hạn hoàn thành")),
            Unit.TabularReaderTests.Row(2, Unit.TabularReaderTests.Inline("A2", "NV-9"), Unit.TabularReaderTests.Inline("B2", "Rà soát quy trình nội bộ"),
                Unit.TabularReaderTests.Number("C2", "46327", style: 1), Unit.TabularReaderTests.Number("D2", "46341", style: 1)),
            Unit.TabularReaderTests.Row(3, Unit.TabularReaderTests.Inline("A3", "NV-10"), Unit.TabularReaderTests.Inline("B3", "=1+1"),
                Unit.TabularReaderTests.Number("C3", "46341", style: 1), Unit.TabularReaderTests.Number("D3", "46327", style: 1)));

        var result = await UploadAsync("task", Unit.TabularReaderTests.Xlsx(sheet), "nhiem-vu.xlsx", feed: "district-tasks", unit: "que-minh");

        Assert.True(result.GetProperty("succeeded").GetBoolean(), result.ToString());
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        var rejection = Assert.Single(await RejectionsAsync(result));
        Assert.Equal((3, "han_hoan_thanh"), (rejection.Row, rejection.Field));
        var task = Assert.Single(await RecordsAsync("task"));
        using var data = JsonDocument.Parse(task.DataJson);
        Assert.Equal("2026-11-01", data.RootElement.GetProperty("ngay_giao").GetString());
        Assert.Equal("2026-11-15", data.RootElement.GetProperty("han_hoan_thanh").GetString());
    }
}
