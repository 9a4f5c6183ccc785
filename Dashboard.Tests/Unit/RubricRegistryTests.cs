using System.Text.Json.Nodes;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Scoring;

namespace Dashboard.Tests.Unit;

public sealed class RubricRegistryTests : IDisposable
{
    private static readonly string Seeds = Path.Combine(AppContext.BaseDirectory, "seeds");
    private readonly string _uploads = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));
    private readonly KpiCatalog _catalog = CatalogLoader.LoadFile(Path.Combine(Seeds, "kpi-catalog.json"));

    private RubricRegistry New() => new(Path.Combine(Seeds, "rubrics"), _uploads, _catalog);

    private static JsonNode Example() => JsonNode.Parse(File.ReadAllText(Path.Combine(Seeds, "rubrics", "par-xa-vi-du-2023.json")))!;

    [Fact]
    public void Official_rubrics_come_first_and_examples_last()
    {
        var registry = New();
        Assert.Equal(["qd-766-2022", "par-xa-vi-du-2023"], registry.All.Select(r => r.Code));
    }

    [Fact]
    public void A_province_file_is_kept_across_restarts_and_a_bad_one_changes_nothing()
    {
        var province = Example();
        province["code"] = "quang-nam-xa-2026";
        province["example"] = false;
        province["year"] = 2026;
        var registry = New();
        registry.Save(province.ToJsonString(), "quang-nam-2026.json");
        Assert.Contains(registry.All, r => r.Code == "quang-nam-xa-2026" && !r.Example);

        // A second version with a broken criterion is refused, naming it; the first stays, on disk too.
        province["groups"]![2]!["criteria"]![4]!["rule"]!["floor"] = 99;
        var ex = Assert.Throws<CatalogException>(() => registry.Save(province.ToJsonString(), "quang-nam-2026-v2.json"));
        Assert.Equal(("quang-nam-2026-v2.json", "TTHC-5", "rule.floor"), (ex.File, ex.Item, ex.Field));
        var again = New();
        Assert.Equal(100, again.Find("quang-nam-xa-2026")!.MaxPoints);
        Assert.True(again.IsUploaded("quang-nam-xa-2026"));
        Assert.Equal(80m, again.Find("quang-nam-xa-2026")!.Groups[2].Criteria[4].Rule.Floor);
    }

    public void Dispose()
    {
        if (Directory.Exists(_uploads)) Directory.Delete(_uploads, recursive: true);
    }
}
