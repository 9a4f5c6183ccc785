using System.Text.Json.Nodes;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Api;
using Dashboard.Web.Export;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Unit;

/// <summary>Yearly plans: which plan is in force for a year, what a plan file may say, and figures judged by their own year's plan.</summary>
public sealed class PlanBookTests : IDisposable
{
    private static readonly string Seeds = Path.Combine(AppContext.BaseDirectory, "seeds");
    private readonly KpiCatalog _catalog = CatalogLoader.LoadFile(Path.Combine(Seeds, "kpi-catalog.json"));
    private readonly SqliteStore _store = new();
    private static readonly DateTime Now = new(2026, 11, 28, 3, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _store.Dispose();

    private async Task<PlanBook> StartAsync()
    {
        var book = new PlanBook(_catalog, _store.Factory);
        await book.ReloadAsync();
        return book;
    }

    /// <summary>A year's plan copied from the shipped one with the SIPAS target raised to "&gt; 95" (amber 80 kept).</summary>
    private async Task PublishAsync(PlanBook book, int year, decimal sipas)
    {
        var draft = await book.CreateAsync(year, 2023, "quan-tri", Now);
        var file = JsonNode.Parse(draft.Json)!;
        var kpi = file["kpis"]!.AsArray().Single(k => (string?)k!["code"] == "sipas")!;
        kpi["target"]!["value"] = sipas;
        await book.SaveAsync(draft.Id, file.ToJsonString(), "sua.json", "quan-tri", Now);
        await book.PublishAsync(draft.Id, "quan-tri", Now);
    }

    [Fact]
    public async Task Before_any_plan_is_published_every_year_is_judged_by_the_shipped_2023_plan()
    {
        var book = await StartAsync();
        Assert.Equal(2023, book.ShippedYear);
        Assert.Same(_catalog, book.For(2019));
        Assert.Same(_catalog, book.For(2026));
        Assert.Equal(2023, book.YearInForce(2030));
    }

    [Fact]
    public async Task A_published_plan_is_in_force_from_its_year_until_a_later_one_and_earlier_years_keep_theirs()
    {
        var book = await StartAsync();
        await PublishAsync(book, 2026, 95);
        await PublishAsync(book, 2028, 97);

        Assert.Equal(90, book.For(2023).Find("sipas")!.Target!.Value);
        Assert.Equal(90, book.For(2025).Find("sipas")!.Target!.Value);
        Assert.Equal(95, book.For(2026).Find("sipas")!.Target!.Value);
        Assert.Equal(95, book.For(2027).Find("sipas")!.Target!.Value);
        Assert.Equal(97, book.For(2031).Find("sipas")!.Target!.Value);
        Assert.Equal((2023, 2026, 2028), (book.YearInForce(2025), book.YearInForce(2027), book.YearInForce(2028)));
        // The plan's title names its own year.
        Assert.EndsWith("năm 2026", book.For(2026).Source.Vi);

        // A node that starts later reads the same plans from the store.
        var other = await StartAsync();
        Assert.Equal(95, other.For(2026).Find("sipas")!.Target!.Value);
    }

    [Fact]
    public async Task Publishing_a_year_again_supersedes_its_plan_and_keeps_it()
    {
        var book = await StartAsync();
        await PublishAsync(book, 2026, 95);
        await PublishAsync(book, 2026, 92);

        Assert.Equal(92, book.For(2026).Find("sipas")!.Target!.Value);
        var rows = await book.ListAsync();
        Assert.Equal([PlanStates.Published, PlanStates.Superseded], rows.Select(r => r.State));
        // A published plan cannot be edited or published again: a new draft is made from it.
        var ex = await Assert.ThrowsAsync<PlanException>(() => book.SaveAsync(rows[0].Id, rows[0].Json, "x.json", "quan-tri", Now));
        Assert.Contains("đã ban hành", ex.Message);
    }

    [Fact]
    public async Task A_year_has_one_draft_at_a_time()
    {
        var book = await StartAsync();
        await book.CreateAsync(2026, 2023, "quan-tri", Now);
        var ex = await Assert.ThrowsAsync<PlanException>(() => book.CreateAsync(2026, 2023, "quan-tri", Now));
        Assert.Contains("Đã có bản nháp kế hoạch năm 2026", ex.Message);
    }

    [Fact]
    public async Task A_retired_kpi_leaves_the_years_tiles_and_a_new_owner_and_section_are_that_years_only()
    {
        var book = await StartAsync();
        var draft = await book.CreateAsync(2026, 2023, "quan-tri", Now);
        var file = JsonNode.Parse(draft.Json)!;
        var kpis = file["kpis"]!.AsArray();
        kpis.Single(k => (string?)k!["code"] == "ho-so-so-hoa")!["included"] = false;
        var late = kpis.Single(k => (string?)k!["code"] == "ho-so-tre-han")!;
        late["owner"] = "tu-phap-ho-tich";
        late["section"] = "3.6";
        late["target"] = new JsonObject { ["op"] = "le", ["value"] = 3 };
        late["amber"] = 6;
        await book.SaveAsync(draft.Id, file.ToJsonString(), "sua.json", "quan-tri", Now);
        await book.PublishAsync(draft.Id, "quan-tri", Now);

        var plan = book.For(2026);
        Assert.Null(plan.Find("ho-so-so-hoa"));
        Assert.Equal(29, plan.Kpis.Count);
        var kpi = plan.Find("ho-so-tre-han")!;
        Assert.Equal(("tu-phap-ho-tich", "3.6", new Target(TargetOperator.Le, 3), 6m), (kpi.Owner.Code, kpi.Section.Code, kpi.Target, kpi.Amber));
        Assert.Equal(("van-phong", "3.2"), (book.For(2025).Find("ho-so-tre-han")!.Owner.Code, book.For(2025).Find("ho-so-tre-han")!.Section.Code));
        // A retired KPI's figure is still judged: by the definition it was asked with.
        Assert.Same(_catalog.Find("ho-so-so-hoa"), book.Kpi(_catalog.Find("ho-so-so-hoa")!, 2026));
        // A yearly count keeps its "per year" nature from the catalog whatever the plan's number.
        Assert.True(plan.Find("tin-bai-cong-ttdt")!.Target!.PerYear);
    }

    public static TheoryData<string, string, string?, string, string> BadPlans => new()
    {
        // (what is changed, its new JSON value, KPI named, field named, words of the reason)
        { "year", "1999", null, "year", "không hợp lệ" },
        { "kpis[sipas].code", "\"khong-co\"", "khong-co", "code", "phần mềm không đo được" },
        { "kpis[sipas].section", "\"9.9\"", "sipas", "section", "mục kế hoạch '9.9'" },
        { "kpis[sipas].target", "{\"op\":\"bang\",\"value\":90}", "sipas", "target.op", "toán tử 'bang'" },
        { "kpis[sipas].target", "{\"op\":\"gt\"}", "sipas", "target.value", "thiếu giá trị" },
        { "kpis[sipas].target", "{\"op\":\"gt\",\"value\":120}", "sipas", "target.value", "vượt quá 100" },
        { "kpis[sipas].amber", "95", "sipas", "amber", "nhỏ hơn hoặc bằng chỉ tiêu" },
        { "kpis[ho-so-tre-han].amber", "2", "ho-so-tre-han", "amber", "lớn hơn hoặc bằng chỉ tiêu" },
        { "kpis[ho-so-so-hoa].amber", "10", "ho-so-so-hoa", "amber", "chỉ theo dõi" },
        { "kpis[sipas].owner", "\"ubnd-tinh\"", "sipas", "owner", "cơ quan chủ trì 'ubnd-tinh'" },
        { "kpis[sipas].coordinating", "[\"ai-do\"]", "sipas", "coordinating", "cơ quan phối hợp 'ai-do'" },
    };

    [Theory]
    [MemberData(nameof(BadPlans))]
    public async Task A_bad_plan_file_is_refused_whole_naming_the_kpi_and_field_and_the_draft_stays(string path, string value, string? item,
        string field, string reason)
    {
        var book = await StartAsync();
        var draft = await book.CreateAsync(2026, 2023, "quan-tri", Now);
        var file = JsonNode.Parse(draft.Json)!.AsObject();
        if (path == "year") file["year"] = JsonNode.Parse(value);
        else
        {
            var code = path[(path.IndexOf('[') + 1)..path.IndexOf(']')];
            var kpi = file["kpis"]!.AsArray().Single(k => (string?)k!["code"] == code)!.AsObject();
            kpi[path[(path.IndexOf("].", StringComparison.Ordinal) + 2)..]] = JsonNode.Parse(value);
        }

        var ex = await Assert.ThrowsAsync<CatalogException>(() => book.SaveAsync(draft.Id, file.ToJsonString(), "ke-hoach-2026.json", "quan-tri", Now));
        Assert.Equal(("ke-hoach-2026.json", item, field), (ex.File, ex.Item, ex.Field));
        Assert.Contains(reason, ex.Message);
        // What the administrator reads names the KPI by its name too, and says nothing was stored.
        var message = PlansAdminApi.Describe(ex, _catalog);
        Assert.Contains($"trường '{field}'", message);
        if (item == "sipas") Assert.Contains("KPI 'Chỉ số hài lòng", message);
        Assert.Contains("Chưa lưu gì", message);
        Assert.Equal(draft.Json, (await book.FindAsync(draft.Id))!.Json);
    }

    [Fact]
    public async Task A_file_that_is_not_json_or_lists_nothing_is_refused()
    {
        var book = await StartAsync();
        var broken = await Assert.ThrowsAsync<CatalogException>(() => book.ImportAsync("{ \"year\": 2026, \"kpis\": [", "hong.json", "quan-tri", Now));
        Assert.Contains("JSON không đọc được", broken.Message);
        var empty = await Assert.ThrowsAsync<CatalogException>(() => book.ImportAsync("{ \"year\": 2026, \"kpis\": [{ \"code\": \"sipas\", \"included\": false, \"section\": \"II.1\", \"owner\": \"van-phong\" }] }",
            "rong.json", "quan-tri", Now));
        Assert.Equal("kpis", empty.Field);
        Assert.Empty(await book.ListAsync());
    }

    [Fact]
    public async Task An_exported_plan_imports_as_the_same_plan()
    {
        var book = await StartAsync();
        await PublishAsync(book, 2026, 95);
        var exported = book.FileFor(null, 2026).ToJson();
        var imported = await book.ImportAsync(exported.Replace("\"year\": 2026", "\"year\": 2027"), "ke-hoach-2027.json", "quan-tri", Now);

        Assert.Equal((2027, PlanStates.Draft, (int?)null), (imported.Year, imported.State, imported.BasedOn));
        Assert.Equal(PlanFile.Parse(exported, "a", _catalog).Kpis, PlanFile.Parse(imported.Json, "b", _catalog).Kpis, new PlanKpiComparer());
        // Vietnamese stays readable in the file.
        Assert.DoesNotContain("\\u", exported);
    }

    [Fact]
    public async Task The_engine_judges_each_reading_by_the_plan_in_force_in_its_periods_year()
    {
        var book = await StartAsync();
        await PublishAsync(book, 2026, 95);
        using var clock = new TestClock(ticking: false);
        var engine = new KpiEngine(_catalog, UnitDirectory.LoadFile(Path.Combine(Seeds, "units.json")), _store.Factory,
            new KpiChangeBus(clock, NullLogger<KpiChangeBus>.Instance), Options.Create(new DemoDataOptions()), plans: book, time: clock);
        await engine.InitializeAsync();

        // The same SIPAS of 92 %: met against 2023's "> 90", short of 2026's "> 95" (amber from 80).
        await engine.ApplyAsync([Change("que-an", "2023"), Change("que-minh", "2026")]);
        var old = engine.Get("que-an", "sipas");
        var now = engine.Get("que-minh", "sipas");
        Assert.Equal((KpiStatus.Met, 90m), (old.Status, old.Kpi.Target!.Value));
        Assert.Equal((KpiStatus.Warning, 95m), (now.Status, now.Kpi.Target!.Value));

        static ReadingChange Change(string unit, string period) =>
            new(unit, "sipas", period, "khao-sat-sipas", 92m, null, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void A_plan_exported_as_a_workbook_imports_as_the_same_plan()
    {
        var plan = PlanFile.Of(_catalog, _catalog, 2026);
        using var stream = new MemoryStream(PlanWorkbook.Write(plan, _catalog));
        var json = PlanWorkbook.ReadJson(stream, "ke-hoach-2026.xlsx", _catalog);
        var back = PlanFile.Parse(json, "ke-hoach-2026.xlsx", _catalog);
        Assert.Equal(2026, back.Year);
        Assert.Equal(plan.Kpis, back.Kpis, new PlanKpiComparer());
    }

    [Fact]
    public void A_bad_workbook_row_is_refused_naming_the_row_the_kpi_and_the_column()
    {
        var plan = PlanFile.Of(_catalog, _catalog, 2026);
        var book = new XlsxWorkbook();
        var sheet = book.AddSheet(PlanWorkbook.Sheet).Header(PlanWorkbook.Year, PlanWorkbook.Code, PlanWorkbook.Included, PlanWorkbook.Section,
            PlanWorkbook.Op, PlanWorkbook.Target, PlanWorkbook.Amber, PlanWorkbook.Owner);
        foreach (var k in plan.Kpis)
            sheet.Row(2026m, k.Code, k.Included ? "co" : "khong", k.Section, k.Op?.ToString().ToLowerInvariant(),
                k.Code == "sipas" ? XlsxCell.Text("chín lăm") : k.Target, k.Code == "ho-so-tre-han" ? 3m : k.Amber, k.Owner);
        var sipasRow = plan.Kpis.ToList().FindIndex(k => k.Code == "sipas") + 2;

        var notANumber = Assert.Throws<CatalogException>(() => PlanWorkbook.ReadJson(new MemoryStream(book.ToArray()), "sua.xlsx", _catalog));
        Assert.Equal(("sua.xlsx", $"dòng {sipasRow} (sipas)", PlanWorkbook.Target), (notANumber.File, notANumber.Item, notANumber.Field));
        Assert.Contains("'chín lăm' không phải là số", notANumber.Message);

        // Once the number is right, the next problem is said in the workbook's terms too: the amber of "less than 5" under it.
        var fixedBook = new XlsxWorkbook();
        var fixedSheet = fixedBook.AddSheet(PlanWorkbook.Sheet).Header(PlanWorkbook.Year, PlanWorkbook.Code, PlanWorkbook.Included, PlanWorkbook.Section,
            PlanWorkbook.Op, PlanWorkbook.Target, PlanWorkbook.Amber, PlanWorkbook.Owner);
        foreach (var k in plan.Kpis)
            fixedSheet.Row(2026m, k.Code, k.Included ? "co" : "khong", k.Section, k.Op?.ToString().ToLowerInvariant(), k.Target,
                k.Code == "ho-so-tre-han" ? 3m : k.Amber, k.Owner);
        var lateRow = plan.Kpis.ToList().FindIndex(k => k.Code == "ho-so-tre-han") + 2;
        var amber = Assert.Throws<CatalogException>(() => PlanWorkbook.ReadJson(new MemoryStream(fixedBook.ToArray()), "sua.xlsx", _catalog));
        Assert.Equal(($"dòng {lateRow} (ho-so-tre-han)", PlanWorkbook.Amber), (amber.Item, amber.Field));
        Assert.Contains("lớn hơn hoặc bằng chỉ tiêu", amber.Message);
    }

    private sealed class PlanKpiComparer : IEqualityComparer<PlanKpi>
    {
        public bool Equals(PlanKpi? a, PlanKpi? b) => a is not null && b is not null && a with { Coordinating = [] } == b with { Coordinating = [] }
            && a.Coordinating.SequenceEqual(b.Coordinating);
        public int GetHashCode(PlanKpi k) => k.Code.GetHashCode(StringComparison.Ordinal);
    }
}
