using System.Text.Json.Nodes;
using Dashboard.Shared.Catalog;

namespace Dashboard.Tests.Unit;

/// <summary>The plan's items with no number (<c>tasks</c> in the catalog): what ships, and what a broken entry is told.</summary>
public sealed class PlanTaskCatalogTests
{
    [Fact]
    public void The_shipped_catalog_holds_the_plans_yes_no_tasks_by_section_with_their_lead_agency()
    {
        var catalog = CatalogLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "kpi-catalog.json"));

        // 2.2: 2, 3.1: 1, 3.2: 2, 3.3: 1, 3.4: 3, 3.5: 2, 3.6: 3, III.1: 2, III.2: 1 = 17.
        Assert.Equal(17, catalog.Tasks.Count);
        Assert.Equal(["2.2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "III.1", "III.2"], catalog.TaskSections.Select(s => s.Code));
        Assert.Equal([2, 1, 2, 1, 3, 2, 3, 2, 1], catalog.TaskSections.Select(s => catalog.Tasks.Count(t => t.Section.Code == s.Code)));
        // Sections that hold only tasks stay off the overview and the briefing (no empty area there).
        Assert.DoesNotContain(catalog.Sections, s => s.Code.StartsWith("III", StringComparison.Ordinal));
        Assert.All(catalog.Tasks, t => Assert.NotEqual(t.Text.Vi, t.Text.En));
        Assert.All(catalog.Tasks, t => Assert.Equal(TaskDue.EndOfYear, t.Due));

        var review = catalog.FindTask("xu-ly-van-ban-trai-quy-dinh")!;
        Assert.Equal(("3.1", "tu-phap-ho-tich"), (review.Section.Code, review.Owner.Code));
        Assert.Equal("Xử lý hoặc kiến nghị xử lý các văn bản trái quy định phát hiện qua rà soát", review.Text.Vi);
        Assert.Equal("tai-chinh-ke-toan", catalog.FindTask("van-ban-quan-ly-tai-san-cong")!.Owner.Code);
        Assert.Equal(("III.2", "van-hoa-thong-tin"), (catalog.FindTask("tuyen-truyen-dai-truyen-thanh")!.Section.Code,
            catalog.FindTask("tuyen-truyen-dai-truyen-thanh")!.Owner.Code));
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
            "coordinating": [], "basis": "records", "feed": "one-stop"
          } ],
          "taskSections": [ { "code": "III.1", "order": 2, "name": { "vi": "Mục III.1", "en": "Item III.1" } } ],
          "tasks": [
            { "code": "bao-cao-khac-phuc", "section": "III.1", "text": { "vi": "Báo cáo kết quả khắc phục", "en": "Report the remedies" },
              "owner": "van-phong", "due": "year" },
            { "code": "so-hoa-tthc", "section": "3.2", "text": { "vi": "Số hoá TTHC", "en": "Digitise procedures" },
              "owner": "van-phong", "due": "06-30" }
          ]
        }
        """)!.AsObject();

    [Fact]
    public void Tasks_parse_in_plan_order_with_their_due_day()
    {
        var catalog = CatalogLoader.Parse(Valid().ToJsonString(), "kpi-catalog.json");

        // Section 3.2 (order 1) before III.1 (order 2), whatever the file's order.
        Assert.Equal(["so-hoa-tthc", "bao-cao-khac-phuc"], catalog.Tasks.Select(t => t.Code));
        Assert.Equal(new DateOnly(2026, 6, 30), catalog.FindTask("so-hoa-tthc")!.Due.On(2026));
        Assert.Equal(new DateOnly(2026, 12, 31), catalog.FindTask("bao-cao-khac-phuc")!.Due.On(2026));
        Assert.Single(catalog.Sections);
    }

    [Fact]
    public void A_catalog_without_tasks_still_loads()
    {
        var json = Valid();
        json.Remove("tasks");
        json.Remove("taskSections");
        Assert.Empty(CatalogLoader.Parse(json.ToJsonString(), "kpi-catalog.json").Tasks);
    }

    [Theory]
    [InlineData("02-29", 2028, "2028-02-29")]
    [InlineData("02-29", 2027, "2027-02-28")]
    public void A_due_day_of_29_february_falls_on_the_28th_in_other_years(string due, int year, string expected)
    {
        Assert.True(TaskDue.TryParse(due, out var parsed));
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed.On(year));
    }

    public static TheoryData<string, string, string, string> Broken() => new()
    {
        // field to change (in tasks[0] unless it says otherwise), new value, expected item, expected field, words in the reason
        { "code", "null", "tasks[0]", "code" },
        { "code", "Bao Cao", "Bao Cao", "code" },
        { "section", "IV.9", "bao-cao-khac-phuc", "section" },
        { "text", "null", "bao-cao-khac-phuc", "text.vi" },
        { "owner", "ubnd-huyen", "bao-cao-khac-phuc", "owner" },
        { "due", "2026-12-31", "bao-cao-khac-phuc", "due" },
        { "due", "13-01", "bao-cao-khac-phuc", "due" },
        { "due", "02-30", "bao-cao-khac-phuc", "due" },
        { "due", "quarter", "bao-cao-khac-phuc", "due" },
        { "due", "null", "bao-cao-khac-phuc", "due" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_task_is_rejected_naming_the_file_the_task_and_the_field(string field, string value, string item, string expectedField)
    {
        var json = Valid();
        json["tasks"]![0]![field] = value == "null" ? null : JsonValue.Create(value);

        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(json.ToJsonString(), "kpi-catalog.json"));

        Assert.Equal(("kpi-catalog.json", item, expectedField), (ex.File, ex.Item, ex.Field));
        Assert.Contains($"tệp 'kpi-catalog.json', mục '{item}', trường '{expectedField}'", ex.Message);
        if (value != "null" && field != "code") Assert.Contains(value, ex.Reason);
    }

    [Fact]
    public void A_duplicate_task_or_a_task_section_clashing_with_a_kpi_section_is_named()
    {
        var json = Valid();
        json["tasks"]!.AsArray().Add(json["tasks"]![0]!.DeepClone());
        var dup = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(json.ToJsonString(), "kpi-catalog.json"));
        Assert.Equal(("bao-cao-khac-phuc", "code"), (dup.Item, dup.Field));
        Assert.Contains("trùng", dup.Reason);

        json = Valid();
        json["taskSections"]![0]!["code"] = "3.2";
        var clash = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(json.ToJsonString(), "kpi-catalog.json"));
        Assert.Equal(("3.2", "code"), (clash.Item, clash.Field));
    }
}
