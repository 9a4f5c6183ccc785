using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>
/// Two communes with records of their own are merged on /admin/units of a real host: the successor's figures count both,
/// the predecessors keep their own history under their own names, and rankings compare the communes of the period's day.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class UnitMergerTests : IDisposable
{
    /// <summary>Merged on 1/7/2026; the clock stands at 27/11/2026.</summary>
    private const string MergerDay = "2026-07-01";

    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });

    public void Dispose() => _app.Dispose();

    /// <summary>Quế Minh: 10 dossiers received online in March; Quế An: 10 received at the desk in April.</summary>
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

    /// <summary>Posts a form of /admin/units as the browser does (antiforgery token, handler name) and returns the page.</summary>
    private Task<string> PostFormAsync(string form, params (string Name, string Value)[] fields) => PostFormAsync(_app.Http, form, fields);

    private static async Task<string> PostFormAsync(HttpClient client, string form, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync("/admin/units");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var body = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("_handler", form) };
        body.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        var response = await client.PostAsync("/admin/units", new FormUrlEncodedContent(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private Task<string> MergeAsync(string code, params string[] predecessors) => PostFormAsync("merge-units",
        [.. predecessors.Select(p => ("Merge.Predecessors", p)), ("Merge.Code", code), ("Merge.NameVi", "Xã Quế Sơn Trung"),
            ("Merge.NameEn", "Que Son Trung Commune"), ("Merge.Parent", "que-son"), ("Merge.Date", MergerDay)]);

    private static string FigureOf(string page) =>
        WebUtility.HtmlDecode(Regex.Match(page, "data-role=\"figure-value\">([^<]*)<").Groups[1].Value);

    [Fact]
    public async Task The_successor_counts_both_communes_and_each_predecessor_keeps_its_history()
    {
        await PostDossiersAsync();
        var page = await MergeAsync("que-son-trung", "que-minh", "que-an");
        Assert.Contains("Đã lưu thay đổi của đơn vị que-son-trung, hiệu lực từ 01/07/2026", page);

        // The year 2026 of the successor: 10 online of 20 received, though every dossier was a predecessor's.
        var successor = await _app.Http.GetStringAsync("/kpi/ho-so-truc-tuyen?unit=que-son-trung&period=year&date=2026-11-27&all=1");
        Assert.Equal("50%", FigureOf(successor));
        // Every record behind it, both communes' (keys are stored upper-case).
        Assert.Contains("QUE-MINH-1", successor);
        Assert.Contains("QUE-AN-1", successor);
        Assert.Contains("Số liệu của Xã Quế Sơn Trung gồm cả bản ghi và số liệu của", WebUtility.HtmlDecode(successor));

        // Each predecessor, for a month before the merger, under its own name with its own records only.
        var minh = WebUtility.HtmlDecode(await _app.Http.GetStringAsync("/kpi/ho-so-truc-tuyen?unit=que-minh&period=month&date=2026-03-15&all=1"));
        Assert.Equal("100%", FigureOf(minh));
        Assert.Contains("Xã Quế Minh", minh);
        Assert.Contains("QUE-MINH-1", minh);
        Assert.DoesNotContain("QUE-AN-1", minh);
        Assert.Contains("Xã Quế Minh đã sáp nhập vào Xã Quế Sơn Trung từ 01/07/2026", minh);
        var an = await _app.Http.GetStringAsync("/kpi/ho-so-truc-tuyen?unit=que-an&period=month&date=2026-04-15");
        Assert.Equal("0%", FigureOf(an));

        // The live gauge of the successor was published at the merger (year to date: 50%).
        var snapshot = await _app.GetSnapshotAsync("que-son-trung");
        Assert.Equal(50m, snapshot.Kpi("ho-so-truc-tuyen").Value);

        // Rankings compare the communes of the period's last day.
        var board = _app.Services.GetRequiredService<Scoreboard>();
        var kpi = board.Catalog.Find("ho-so-truc-tuyen")!;
        var march = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, new DateOnly(2026, 3, 15));
        var before = await board.RankKpiAsync("que-minh", kpi, march);
        Assert.Contains(before, r => r.Unit.Code == "que-an");
        Assert.DoesNotContain(before, r => r.Unit.Code == "que-son-trung");
        Assert.Equal(1, before.Single(r => r.Unit.Code == "que-minh").Rank);
        var year = ReportingWindow.Containing(WindowKind.Year, CutOff.Calendar, new DateOnly(2026, 11, 27));
        var after = await board.RankKpiAsync("que-son-trung", kpi, year);
        Assert.Equal(["que-chau", "que-long", "que-phong", "que-son-trung", "que-thuan"], after.Select(r => r.Unit.Code).Order());
        Assert.Equal((1, 50m), (after.Single(r => r.Unit.Code == "que-son-trung").Rank!.Value, after.Single(r => r.Unit.Code == "que-son-trung").Value!.Value));

        // Audited, with who and what.
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();
        var entry = await db.Audit.SingleAsync(a => a.Action == "units-merged");
        Assert.Equal(DashboardApp.AdminName, entry.Who);
        Assert.Contains("que-minh + que-an → que-son-trung", entry.Detail);
    }

    [Fact]
    public async Task A_wrong_merger_is_refused_with_its_reason_and_changes_nothing()
    {
        await MergeAsync("que-son-trung", "que-minh", "que-an");
        var directory = _app.Services.GetRequiredService<UnitDirectory>();
        var spans = directory.Spans.Count;

        var again = await MergeAsync("que-moi", "que-an", "que-long");
        Assert.Contains("Đơn vị 'que-an' đã giải thể hoặc sáp nhập; lịch sử của nó không được sửa. (trường: Các đơn vị sáp nhập)", again);
        var duplicate = await MergeAsync("que-long", "que-chau", "que-phong");
        Assert.Contains("Mã đơn vị 'que-long' đã được dùng", duplicate);
        var badDate = await PostFormAsync("retire-unit", ("Retire.Code", "que-long"), ("Retire.Date", "31/12/2026"));
        Assert.Contains("Ngày '31/12/2026' không hợp lệ", badDate);
        Assert.Equal(spans, directory.Spans.Count);

        // What is stored is what was there: a restart of the map from the database gives the same spans.
        await _app.Services.GetRequiredService<Dashboard.Shared.Store.UnitStore>().ReloadAsync();
        Assert.Equal(spans, directory.Spans.Count);
        Assert.Null(directory.Find("que-moi"));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.Audit.CountAsync(a => a.Action == "unit-change-refused"));
    }

    [Fact]
    public async Task On_a_two_level_map_the_communes_of_the_province_rank_among_each_other()
    {
        await PostDossiersAsync();
        // The reform of 1/7/2025, as an administrator records it: the new province, its communes, no district.
        const string reform = "2025-07-01";
        Assert.Contains("Đã lưu", await PostFormAsync("add-unit", ("Add.Code", "da-nang"), ("Add.Kind", "Province"),
            ("Add.NameVi", "Thành phố Đà Nẵng"), ("Add.NameEn", "Da Nang City"), ("Add.Parent", ""), ("Add.Date", reform)));
        foreach (var commune in new[] { "que-minh", "que-an", "que-long", "que-phong", "que-chau", "que-thuan" })
            Assert.Contains("Đã lưu", await PostFormAsync("move-unit", ("Move.Code", commune), ("Move.Parent", "da-nang"), ("Move.Date", reform)));
        var early = await PostFormAsync("retire-unit", ("Retire.Code", "quang-nam"), ("Retire.Date", reform));
        Assert.Contains("Đơn vị 'que-son' vẫn còn đơn vị trực thuộc vào ngày đã chọn", early);
        Assert.Contains("Đã lưu", await PostFormAsync("retire-unit", ("Retire.Code", "que-son"), ("Retire.Date", reform)));
        Assert.Contains("Đã lưu", await PostFormAsync("retire-unit", ("Retire.Code", "quang-nam"), ("Retire.Date", reform)));

        var tree = WebUtility.HtmlDecode(await _app.Http.GetStringAsync("/admin/units?date=2026-11-27"));
        Assert.Contains("data-unit=\"da-nang\"", tree);
        // The district is listed as retired, not in the tree.
        Assert.Contains("Huyện Quế Sơn (que-son) — đã giải thể từ 01/07/2025", tree);
        Assert.Single(Regex.Matches(tree, "data-unit=\"que-son\""));

        var board = _app.Services.GetRequiredService<Scoreboard>();
        var kpi = board.Catalog.Find("ho-so-truc-tuyen")!;
        var year = ReportingWindow.Containing(WindowKind.Year, CutOff.Calendar, new DateOnly(2026, 11, 27));
        var ranking = await board.RankKpiAsync("que-an", kpi, year);
        Assert.Equal(6, ranking.Count);
        Assert.Equal([("que-minh", 1), ("que-an", 2)], ranking.Where(r => r.Rank is not null).Select(r => (r.Unit.Code, r.Rank!.Value)));
        // The page ranks them too, on the province's communes.
        var page = WebUtility.HtmlDecode(await _app.Http.GetStringAsync("/kpi/ho-so-truc-tuyen?unit=que-an&period=year&date=2026-11-27"));
        Assert.Equal("0%", FigureOf(page));
        Assert.Contains("Xã Quế Minh", page);
    }

    [Fact]
    public async Task Only_a_provinces_administrator_changes_the_map()
    {
        await _app.CreateUserAsync("quan-tri-huyen", Roles.Admin, "que-son");
        using var district = await _app.SignedInClientAsync("quan-tri-huyen", DashboardApp.Password);
        Assert.Contains("data-role=\"units-read-only\"", await district.GetStringAsync("/admin/units"));

        // Its page offers no form; a post made by hand (with its own valid token) changes nothing.
        var users = await district.GetStringAsync("/admin/users");
        var token = Regex.Match(users, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await district.PostAsync("/admin/units", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "retire-unit", ["Retire.Code"] = "que-long", ["Retire.Date"] = "2026-12-01",
        }));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        await _app.Services.GetRequiredService<Dashboard.Shared.Store.UnitStore>().ReloadAsync();
        Assert.NotNull(_app.Services.GetRequiredService<UnitDirectory>().Find("que-long", new DateOnly(2026, 12, 31)));
    }

    [Fact]
    public async Task A_merged_communes_account_follows_it_to_the_successor_and_the_overview_says_so()
    {
        await MergeAsync("que-son-trung", "que-minh", "que-an");
        await _app.CreateUserAsync("can-bo-que-an", Roles.Viewer, "que-an");
        using var viewer = await _app.SignedInClientAsync("can-bo-que-an", DashboardApp.Password);

        var own = WebUtility.HtmlDecode(await viewer.GetStringAsync("/?unit=que-an"));
        Assert.Contains("Xã Quế An đã sáp nhập vào Xã Quế Sơn Trung từ 01/07/2026", own);
        var successor = await viewer.GetAsync("/?unit=que-son-trung");
        Assert.Equal(HttpStatusCode.OK, successor.StatusCode);
        Assert.Contains("Xã Quế Sơn Trung", WebUtility.HtmlDecode(await successor.Content.ReadAsStringAsync()));
        // Not a neighbour that had nothing to do with it.
        Assert.Contains("/account/access-denied", (await viewer.GetAsync("/?unit=que-long")).RequestMessage!.RequestUri!.ToString());
    }
}
