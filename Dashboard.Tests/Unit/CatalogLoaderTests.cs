using System.Text.Json.Nodes;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

public sealed class CatalogLoaderTests
{
    private static readonly string SeedsFolder = Path.Combine(AppContext.BaseDirectory, "seeds");

    [Fact]
    public void The_shipped_catalog_holds_every_kpi_of_the_plan()
    {
        var catalog = CatalogLoader.LoadFile(Path.Combine(SeedsFolder, "kpi-catalog.json"));

        Assert.Equal(30, catalog.Kpis.Count);
        Assert.Equal(["2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "II.1"], catalog.Sections.Select(s => s.Code));
        Assert.All(catalog.Sections, s => Assert.NotEmpty(catalog.InSection(s)));
        Assert.All(catalog.Kpis, k => Assert.NotEqual(k.Name.Vi, k.Name.En));

        var late = catalog.Find("ho-so-tre-han")!;
        Assert.Equal(new Target(TargetOperator.Lt, 5), late.Target);
        Assert.Equal(KpiBasis.Records, late.Basis);
        Assert.Equal("van-phong", late.Owner.Code);
        Assert.Equal(new Target(TargetOperator.Ge, 98), catalog.Find("giai-ngan-dau-tu-cong")!.Target);
        Assert.Equal("tai-chinh-ke-toan", catalog.Find("giai-ngan-dau-tu-cong")!.Owner.Code);
        Assert.Equal(new Target(TargetOperator.Gt, 90), catalog.Find("sipas")!.Target);
        // "PAR INDEX, DTI, PAPI" is one row of the plan and three measures.
        Assert.All(new[] { "xep-hang-par-index", "xep-hang-dti", "xep-hang-papi" }, c => Assert.Equal(KpiUnit.Band, catalog.Find(c)!.Unit));
        // II.1 names PCI too: a provincial index the commune contributes to, tracked as a group like the others (≥ 3 = khá).
        var pci = catalog.Find("xep-hang-pci")!;
        Assert.Equal(("II.1", KpiUnit.Band, new Target(TargetOperator.Ge, 3), 2m, KpiBasis.Reading, "manual"),
            (pci.Section.Code, pci.Unit, pci.Target, pci.Amber, pci.Basis, pci.Feed));
        Assert.True(catalog.Find("ho-so-so-hoa")!.IsTrackedOnly);
    }

    [Fact]
    public void Every_kpi_of_the_shipped_catalog_is_judged_on_the_year_to_date_but_the_yearly_overall_goals_on_the_year()
    {
        var catalog = CatalogLoader.LoadFile(Path.Combine(SeedsFolder, "kpi-catalog.json"));

        // The plan's targets are yearly ("trong năm"); rankings and SIPAS (II.1) are published once a year.
        var yearly = new[] { "xep-hang-par-index", "xep-hang-dti", "xep-hang-papi", "xep-hang-pci", "sipas" };
        Assert.All(catalog.Kpis, k => Assert.Equal(yearly.Contains(k.Code) ? WindowKind.Year : WindowKind.YearToDate, k.Window));
        Assert.All(catalog.InSection(catalog.Sections.Single(s => s.Code == "II.1")), k => Assert.Equal(WindowKind.Year, k.Window));
    }

    [Theory]
    [InlineData(null, WindowKind.YearToDate)]
    [InlineData("ytd", WindowKind.YearToDate)]
    [InlineData("year", WindowKind.Year)]
    [InlineData("half-year", WindowKind.HalfYear)]
    [InlineData("quarter", WindowKind.Quarter)]
    [InlineData("Month", WindowKind.Month)]
    public void A_kpi_names_its_default_window_or_takes_the_year_to_date(string? window, WindowKind expected)
    {
        var json = Valid();
        if (window is not null) json["kpis"]![0]!["window"] = window;

        var kpi = CatalogLoader.Parse(json.ToJsonString(), "kpi-catalog.json").Kpis.Single();

        Assert.Equal(expected, kpi.Window);
    }

    [Fact]
    public void The_shipped_units_place_que_minh_under_its_district_with_siblings()
    {
        var units = UnitDirectory.LoadFile(Path.Combine(SeedsFolder, "units.json"));
        var queMinh = units.Find("que-minh")!;
        Assert.Equal(UnitKind.Commune, queMinh.Kind);
        Assert.Equal("que-son", queMinh.Parent);
        Assert.True(units.Siblings("que-minh").Count() >= 3);
    }

    private static JsonObject Valid() => JsonNode.Parse("""
        {
          "version": "test-1",
          "source": { "vi": "Kế hoạch thử", "en": "Test plan" },
          "agencies": [ { "code": "van-phong", "name": { "vi": "Văn phòng UBND xã", "en": "Commune office" } } ],
          "sections": [ { "code": "3.2", "order": 1, "area": "tthc", "name": { "vi": "Cải cách TTHC", "en": "Procedure reform" } } ],
          "kpis": [ {
            "code": "ho-so-tre-han", "name": { "vi": "Hồ sơ trễ hẹn", "en": "Late dossiers" }, "section": "3.2",
            "unit": "percent", "target": { "op": "lt", "value": 5 }, "amber": 10, "owner": "van-phong",
            "coordinating": [ "van-phong" ], "basis": "records", "feed": "one-stop"
          } ]
        }
        """)!.AsObject();

    [Fact]
    public void A_valid_catalog_parses()
    {
        var catalog = CatalogLoader.Parse(Valid().ToJsonString(), "kpi-catalog.json");
        Assert.Single(catalog.Kpis);
    }

    public static TheoryData<string, string?, string, string> Broken() => new()
    {
        // mutation (JSON pointer-ish path = value), expected item, expected field, words in the reason
        { "kpis[0].section=IV.9", "ho-so-tre-han", "section", "IV.9" },
        { "kpis[0].unit=percentage", "ho-so-tre-han", "unit", "percentage" },
        { "kpis[0].target.op=lte", "ho-so-tre-han", "target.op", "lte" },
        { "kpis[0].target.value=null", "ho-so-tre-han", "target.value", "thiếu giá trị" },
        { "kpis[0].target.value=120", "ho-so-tre-han", "target.value", "100" },
        { "kpis[0].amber=3", "ho-so-tre-han", "amber", "lớn hơn hoặc bằng chỉ tiêu" },
        { "kpis[0].target=null", "ho-so-tre-han", "amber", "chỉ theo dõi" },
        { "kpis[0].owner=ubnd-huyen", "ho-so-tre-han", "owner", "ubnd-huyen" },
        { "kpis[0].coordinating=[\"khong-co\"]", "ho-so-tre-han", "coordinating", "khong-co" },
        { "kpis[0].name.en=", "ho-so-tre-han", "name.en", "tiếng Anh" },
        { "kpis[0].name.vi=null", "ho-so-tre-han", "name.vi", "tiếng Việt" },
        { "kpis[0].basis=formula", "ho-so-tre-han", "basis", "formula" },
        { "kpis[0].feed=One Stop", "ho-so-tre-han", "feed", "One Stop" },
        { "kpis[0].target.per=year", "ho-so-tre-han", "target.per", "chỉ dùng cho KPI đếm" },
        { "kpis[0].target.per=month", "ho-so-tre-han", "target.per", "month" },
        { "kpis[0].target.source=district", "ho-so-tre-han", "target.source", "district" },
        { "kpis[0].window=week", "ho-so-tre-han", "window", "'week' không hợp lệ" },
        // Nine months and the last 30 days have no reading period to store a live figure under.
        { "kpis[0].window=nine-months", "ho-so-tre-han", "window", "nine-months" },
        { "kpis[0].window=30d", "ho-so-tre-han", "window", "ytd, year" },
        { "kpis[0].code=Ho So", "Ho So", "code", "chữ thường" },
        { "kpis[0].code=null", "kpis[0]", "code", "thiếu mã" },
        { "kpis[1]=dup", "ho-so-tre-han", "code", "trùng" },
        { "kpis=[]", null, "kpis", "không có KPI" },
        { "version=", null, "version", "phiên bản" },
        { "sections[0].area=null", "3.2", "area", "lĩnh vực" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_catalog_is_rejected_naming_the_file_the_kpi_and_the_field(string mutation, string? item, string field, string reason)
    {
        var json = Mutate(Valid(), mutation);

        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(json, "kpi-catalog.json"));

        Assert.Equal("kpi-catalog.json", ex.File);
        Assert.Equal(item, ex.Item);
        Assert.Equal(field, ex.Field);
        Assert.Contains(reason, ex.Reason);
        Assert.Contains("kpi-catalog.json", ex.Message);
        if (item is not null) Assert.Contains(item, ex.Message);
        Assert.Contains(field, ex.Message);
    }

    [Fact]
    public void Malformed_json_names_the_file_and_the_line()
    {
        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.Parse("{ \"version\": \"x\",\n \"kpis\": [ { \"amber\": \"nhiều\" } ] }", "kpi-catalog.json"));
        Assert.Contains("dòng 2", ex.Message);
        Assert.Equal("$.kpis[0].amber", ex.Field);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.LoadFile("/no/such/kpi-catalog.json"));
        Assert.Contains("/no/such/kpi-catalog.json", ex.Message);
    }

    private static string Mutate(JsonObject root, string mutation)
    {
        var eq = mutation.IndexOf('=');
        var path = mutation[..eq];
        var raw = mutation[(eq + 1)..];
        if (path == "kpis[1]" && raw == "dup")
        {
            var kpis = root["kpis"]!.AsArray();
            kpis.Add(kpis[0]!.DeepClone());
            return root.ToJsonString();
        }
        JsonNode? value = raw switch
        {
            "null" => null,
            _ when raw.StartsWith('[') || double.TryParse(raw, out _) => JsonNode.Parse(raw),
            _ => JsonValue.Create(raw),
        };
        JsonNode parent = root;
        var parts = path.Split('.');
        foreach (var part in parts[..^1]) parent = Step(parent, part)!;
        var last = parts[^1];
        var bracket = last.IndexOf('[');
        if (bracket >= 0)
            Step(parent, last[..bracket])!.AsArray()[int.Parse(last[(bracket + 1)..^1])] = value;
        else
            parent.AsObject()[last] = value;
        return root.ToJsonString();
    }

    private static JsonNode? Step(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[');
        return bracket < 0 ? node[part] : node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1])];
    }
}
