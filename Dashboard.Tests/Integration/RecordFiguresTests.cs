using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Shared.Live;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Tests.Integration;

/// <summary>Records posted to a real Kestrel host become live figures, scores and exports.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class RecordFiguresTests : IDisposable
{
    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
    private readonly HttpClient _forms;

    public RecordFiguresTests() =>
        // A browser-like client for the management forms: signed in, keeping the antiforgery cookie, showing redirects as they are.
        _forms = _app.SignedInClientAsync(DashboardApp.AdminName, DashboardApp.Password, followRedirects: false, cookies: new System.Net.CookieContainer())
            .GetAwaiter().GetResult();

    public void Dispose()
    {
        _forms.Dispose();
        _app.Dispose();
    }

    private string Day(int offset) =>
        _app.Today.AddDays(offset).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// Two open dossiers: one due yesterday (late before it is finished), one due in five days (on time). Both are open in
    /// the current month whatever today is, so the live late-dossier rate is 50%.
    /// </summary>
    private Task<HttpResponseMessage> PostDossiersAsync() => _app.Http.PostAsJsonAsync("/api/v1/records/dossier?feed=one-stop&unit=que-minh", new object[]
    {
        new { ma_ho_so = "HS-LATE", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(-1), kenh = "truc-tiep", co_quan = "tu-phap-ho-tich" },
        new { ma_ho_so = "HS-OPEN", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tuyen-toan-trinh" },
    });

    /// <summary>The two dossiers and three more within their deadline: 1 late of 5 open this year, 20%.</summary>
    private Task<HttpResponseMessage> PostFiveDossiersAsync() => _app.Http.PostAsJsonAsync("/api/v1/records/dossier?feed=one-stop&unit=que-minh", new object[]
    {
        new { ma_ho_so = "HS-LATE", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(-1), kenh = "truc-tiep", co_quan = "tu-phap-ho-tich" },
        new { ma_ho_so = "HS-OPEN", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tuyen-toan-trinh" },
        new { ma_ho_so = "HS-OPEN-2", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tiep" },
        new { ma_ho_so = "HS-OPEN-3", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tiep" },
        new { ma_ho_so = "HS-OPEN-4", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tiep" },
    });

    [Fact]
    public async Task Posted_records_reach_a_live_subscriber_as_a_computed_figure()
    {
        var received = Channel.CreateUnbounded<KpiSnapshotDto>();
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(_app.BaseAddress, "/hubs/kpi"), o => o.Headers["X-Api-Key"] = _app.ApiKey).Build();
        connection.On<List<KpiSnapshotDto>>("kpiChanged", batch =>
        {
            foreach (var s in batch) received.Writer.TryWrite(s);
        });
        await _app.StartHubAsync(connection);

        (await PostFiveDossiersAsync()).EnsureSuccessStatusCode();

        using var timeout = new CancellationTokenSource(Wait.Generous);
        KpiSnapshotDto change;
        do change = await received.Reader.ReadAsync(timeout.Token);
        while (change.Kpi != "ho-so-tre-han");
        // 1 late of 5, over the year to date (the KPI's default), stored under the year; 20% against "< 5", amber 10.
        Assert.Equal(20m, change.Value);
        Assert.Equal("records", change.Source);
        Assert.Equal("NotMet", change.Status);
        Assert.Equal($"{_app.Today.Year}", change.Period);
    }

    [Fact]
    public async Task The_kpi_export_holds_the_figure_and_the_late_dossier_with_its_agency()
    {
        (await PostDossiersAsync()).EnsureSuccessStatusCode();

        var response = await _app.Http.GetAsync("/export/kpi/ho-so-tre-han.xlsx?unit=que-minh&period=month");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("chi-so-ho-so-tre-han-que-minh-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var summary = TabularReader.ReadXlsx(new MemoryStream(bytes), "x.xlsx", sheetName: "Chỉ số");
        var facts = summary.Rows.ToDictionary(r => r.Get("Mục") ?? "", r => r.Get("Giá trị") ?? "");
        Assert.Equal("Hồ sơ TTHC trễ hẹn", facts["Chỉ số"]);
        Assert.Equal("0.5", facts["Giá trị"]);
        // 1 late of 2 is a share of too few dossiers to judge (before: "Không đạt"); the workbook names its period.
        Assert.Equal("Chưa đủ dữ liệu (2 bản ghi, cần ít nhất 5)", facts["Tình trạng"]);
        Assert.StartsWith($"Tháng {_app.Today.Month}/{_app.Today.Year}", facts["Kỳ báo cáo"]);
        Assert.Equal("Văn phòng UBND xã", facts["Chủ trì"]);

        var records = TabularReader.ReadXlsx(new MemoryStream(bytes), "x.xlsx", sheetName: "Bản ghi");
        var late = records.Rows.Single(r => r.Get("Chưa đạt") == "Có");
        Assert.Equal("HS-LATE", late.Get("Mã"));
        Assert.Equal("Công chức Tư pháp – Hộ tịch xã", late.Get("Cơ quan, người xử lý"));
        Assert.StartsWith("Quá hạn, đang giải quyết", late.Get("Tình trạng"));
        Assert.Equal(2, records.Rows.Count);
    }

    [Fact]
    public async Task Two_dossiers_are_not_enough_to_grade_on_the_page_the_print_page_and_the_export_and_each_names_its_period()
    {
        // Two dossiers this month: Decision 766 measures TDGQ-1 (20 points, 2 records) and TTTT-3 (6 points, the same 2
        // dossiers): at most 26 of 100 points from 4 records, under the default 50% and 10 records.
        (await PostDossiersAsync()).EnsureSuccessStatusCode();
        var month = $"Tháng {_app.Today.Month}/{_app.Today.Year}";

        foreach (var url in new[] { "/scores?unit=que-minh&period=month", "/scores/print?unit=que-minh&period=month&rubric=qd-766-2022" })
        {
            var page = WebUtility.HtmlDecode(await _app.Http.GetStringAsync(url));
            Assert.Contains("Chưa đủ dữ liệu để xếp loại", page);
            Assert.Contains("Đã đo ", page);
            Assert.Contains("/100 điểm (", page);
            Assert.Contains($"Kỳ tính điểm: {month}", page);
        }

        var bytes = await _app.Http.GetByteArrayAsync("/export/scores/qd-766-2022.xlsx?unit=que-minh&period=month");
        var summary = TabularReader.ReadXlsx(new MemoryStream(bytes), "x.xlsx", sheetName: "Điểm");
        var facts = summary.Rows.ToDictionary(r => r.Get("Mục") ?? "", r => r.Get("Giá trị") ?? "");
        Assert.Equal("Chưa đủ dữ liệu để xếp loại", facts["Điểm"]);
        Assert.Equal("Chưa đủ dữ liệu để xếp loại", facts["Xếp loại"]);
        Assert.StartsWith("Đã đo ", facts["Dữ liệu đã đo"]);
        Assert.StartsWith(month, facts["Kỳ báo cáo"]);
    }

    [Fact]
    public async Task Pages_exports_and_print_pages_answer_and_unknown_ones_are_404()
    {
        (await PostDossiersAsync()).EnsureSuccessStatusCode();
        foreach (var url in new[] { "/kpi/ho-so-tre-han?period=month", "/kpi/ho-so-tre-han/print?period=quarter", "/scores",
                     "/scores?rubric=par-xa-vi-du-2023&period=year&cutoff=administrative", "/scores/print?rubric=qd-766-2022", "/export/scores/qd-766-2022.xlsx" })
            Assert.Equal(HttpStatusCode.OK, (await _app.Http.GetAsync(url)).StatusCode);

        var print = WebUtility.HtmlDecode(await _app.Http.GetStringAsync("/kpi/ho-so-tre-han/print?period=month"));
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", print);
        Assert.Contains("HS-LATE", print);
        // Printable pages are plain HTML, with no live connection.
        Assert.DoesNotContain("<!--Blazor:", print);

        foreach (var url in new[] { "/kpi/khong-co", "/export/kpi/khong-co.xlsx", "/export/scores/khong-co.xlsx" })
            Assert.Equal(HttpStatusCode.NotFound, (await _app.Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_bad_rubric_upload_is_refused_naming_the_criterion_and_a_published_rank_is_shown_labelled()
    {
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "seeds", "rubrics", "par-xa-vi-du-2023.json"));
        var broken = json.Replace("\"code\": \"par-xa-vi-du-2023\"", "\"code\": \"quang-nam-2026\"")
            .Replace("\"kpi\": \"sipas\"", "\"kpi\": \"sipas-2\"");
        var refused = await UploadRubricAsync(broken);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await _app.Http.GetStringAsync(refused.Headers.Location!.ToString()));
        Assert.Contains("SHL-1", page);
        Assert.Contains("sipas-2", page);
        Assert.DoesNotContain("quang-nam-2026", WebUtility.HtmlDecode(await _app.Http.GetStringAsync("/scores")));

        var accepted = await UploadRubricAsync(json.Replace("\"code\": \"par-xa-vi-du-2023\"", "\"code\": \"quang-nam-2026\""));
        Assert.Contains("saved=quang-nam-2026", accepted.Headers.Location!.ToString());
        Assert.Contains("data-rubric=\"quang-nam-2026\"", await _app.Http.GetStringAsync("/scores"));

        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["unit"] = "que-minh", ["rubric"] = "qd-766-2022", ["year"] = "2025", ["rank"] = "3", ["outOf"] = "12", ["score"] = "81.5",
            ["band"] = "tot", ["enteredBy"] = "Nguyễn Văn A", ["note"] = "Công văn của UBND huyện",
        });
        var saved = await PostFormAsync("/scores/manage/rank", form);
        Assert.Contains("ranked=", saved.Headers.Location!.ToString());
        var scores = WebUtility.HtmlDecode(await _app.Http.GetStringAsync("/scores?rubric=qd-766-2022"));
        Assert.Contains("3/12", scores);
        Assert.Contains("Nhập tay: Nguyễn Văn A", scores);

        var wrongBand = await PostFormAsync("/scores/manage/rank", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["unit"] = "que-minh", ["rubric"] = "qd-766-2022", ["year"] = "2025", ["rank"] = "13", ["outOf"] = "12", ["score"] = "", ["band"] = "tot", ["enteredBy"] = "A",
        }));
        Assert.True(wrongBand.StatusCode == HttpStatusCode.Redirect, $"{wrongBand.StatusCode}: {await wrongBand.Content.ReadAsStringAsync()}");
        Assert.Contains("error=", wrongBand.Headers.Location!.ToString());
    }

    private async Task<HttpResponseMessage> UploadRubricAsync(string json)
    {
        using var form = new MultipartFormDataContent { { new StringContent(json), "file", "quang-nam-2026.json" } };
        return await PostFormAsync("/scores/manage/rubric", form);
    }

    /// <summary>The management forms carry an antiforgery token: take it from the page, as a browser would.</summary>
    private async Task<HttpResponseMessage> PostFormAsync(string url, HttpContent content)
    {
        var page = await _forms.GetStringAsync("/scores/manage");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        HttpContent withToken = content switch
        {
            MultipartFormDataContent multipart => Add(multipart, token),
            FormUrlEncodedContent form => new FormUrlEncodedContent(
                (await form.ReadAsStringAsync()).Split('&').Select(p => p.Split('=')).Select(p =>
                    new KeyValuePair<string, string>(WebUtility.UrlDecode(p[0]), WebUtility.UrlDecode(p[1])))
                    .Append(new("__RequestVerificationToken", token))),
            _ => content,
        };
        return await _forms.PostAsync(url, withToken);

        static MultipartFormDataContent Add(MultipartFormDataContent multipart, string token)
        {
            multipart.Add(new StringContent(token), "__RequestVerificationToken");
            return multipart;
        }
    }
}
