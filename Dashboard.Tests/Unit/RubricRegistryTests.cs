using System.Text.Json.Nodes;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Dashboard.Tests.Unit;

public sealed class RubricRegistryTests : IDisposable
{
    private static readonly string Seeds = Path.Combine(AppContext.BaseDirectory, "seeds");
    private readonly KpiCatalog _catalog = CatalogLoader.LoadFile(Path.Combine(Seeds, "kpi-catalog.json"));
    private readonly SqliteStore _store = new();

    private string Legacy => Path.Combine(_store.Folder, "rubrics");

    /// <summary>A node's registry as it stands after start-up.</summary>
    private async Task<RubricRegistry> StartAsync()
    {
        var registry = new RubricRegistry(Path.Combine(Seeds, "rubrics"), Legacy, _catalog, _store.Factory);
        await registry.LoadAsync();
        return registry;
    }

    private static JsonObject Province()
    {
        var province = JsonNode.Parse(File.ReadAllText(Path.Combine(Seeds, "rubrics", "par-xa-vi-du-2023.json")))!.AsObject();
        province["code"] = "quang-nam-xa-2026";
        province["example"] = false;
        province["year"] = 2026;
        return province;
    }

    private static readonly DateTime Now = new(2026, 11, 28, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Official_rubrics_come_first_and_examples_last()
    {
        var registry = await StartAsync();
        Assert.Equal(["qd-766-2022", "par-xa-vi-du-2023"], registry.All.Select(r => r.Code));
    }

    [Fact]
    public async Task A_province_file_is_kept_across_restarts_and_a_bad_one_changes_nothing()
    {
        var province = Province();
        var registry = await StartAsync();
        await registry.SaveAsync(province.ToJsonString(), "quang-nam-2026.json", Now);
        Assert.Contains(registry.All, r => r.Code == "quang-nam-xa-2026" && !r.Example);

        // A second version with a broken criterion is refused, naming it; the first stays, in the database too.
        province["groups"]![2]!["criteria"]![4]!["rule"]!["floor"] = 99;
        var ex = await Assert.ThrowsAsync<CatalogException>(() => registry.SaveAsync(province.ToJsonString(), "quang-nam-2026-v2.json", Now));
        Assert.Equal(("quang-nam-2026-v2.json", "TTHC-5", "rule.floor"), (ex.File, ex.Item, ex.Field));
        var again = await StartAsync();
        Assert.Equal(100, again.Find("quang-nam-xa-2026")!.MaxPoints);
        Assert.True(again.IsUploaded("quang-nam-xa-2026"));
        Assert.False(again.IsUploaded("qd-766-2022"));
        Assert.Equal(80m, again.Find("quang-nam-xa-2026")!.Groups[2].Criteria[4].Rule.Floor);
    }

    [Fact]
    public async Task Another_node_sees_a_loaded_file_when_it_reads_again()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        await a.SaveAsync(Province().ToJsonString(), "quang-nam-2026.json", Now);
        Assert.Null(b.Find("quang-nam-xa-2026"));
        await b.ReloadAsync();
        Assert.NotNull(b.Find("quang-nam-xa-2026"));
    }

    [Fact]
    public async Task Files_an_earlier_version_kept_in_the_data_folder_are_taken_in_once_and_a_newer_load_wins()
    {
        Directory.CreateDirectory(Legacy);
        var province = Province();
        await File.WriteAllTextAsync(Path.Combine(Legacy, "quang-nam-xa-2026.json"), province.ToJsonString());
        var registry = await StartAsync();
        Assert.True(registry.IsUploaded("quang-nam-xa-2026"));

        province["name"]!["vi"] = "Bộ tiêu chí Quảng Nam (bản sửa)";
        await registry.SaveAsync(province.ToJsonString(), "quang-nam-2026-v2.json", Now);
        // The old file is still in the folder; the next start keeps the newer one from the database.
        var restarted = await StartAsync();
        Assert.Equal("Bộ tiêu chí Quảng Nam (bản sửa)", restarted.Find("quang-nam-xa-2026")!.Name.Vi);
    }

    [Fact]
    public async Task Two_nodes_loading_the_same_new_code_at_once_both_succeed_and_the_later_load_wins()
    {
        var fromA = Province();
        fromA["name"]!["vi"] = "Bản tải lên ở nút A";
        var fromB = Province();
        fromB["name"]!["vi"] = "Bản tải lên ở nút B";
        // Node A's insert lands between node B's read (no such code yet) and node B's own insert.
        var racing = new PooledDbContextFactory<DashboardDbContext>(new DbContextOptionsBuilder<DashboardDbContext>()
            .UseSqlite(_store.ConnectionString)
            .AddInterceptors(new BeforeFirstInsert(async () => await (await StartAsync()).SaveAsync(fromA.ToJsonString(), "a.json", Now)))
            .Options);
        var b = new RubricRegistry(Path.Combine(Seeds, "rubrics"), Legacy, _catalog, racing);
        await b.LoadAsync();

        await b.SaveAsync(fromB.ToJsonString(), "b.json", Now.AddSeconds(1));

        Assert.Equal("Bản tải lên ở nút B", b.Find("quang-nam-xa-2026")!.Name.Vi);
        var restarted = await StartAsync();
        Assert.Equal("Bản tải lên ở nút B", restarted.Find("quang-nam-xa-2026")!.Name.Vi);
        Assert.Empty(restarted.Problems);
    }

    /// <summary>Runs another node's work once, just before this context first inserts a rubric file.</summary>
    private sealed class BeforeFirstInsert(Func<Task> otherNode) : SaveChangesInterceptor
    {
        private bool _done;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (!_done && eventData.Context!.ChangeTracker.Entries<RubricFile>().Any(e => e.State == EntityState.Added))
            {
                _done = true;
                await otherNode();
            }
            return result;
        }
    }

    [Fact]
    public async Task A_stored_file_that_no_longer_loads_is_reported_not_fatal()
    {
        await using (var db = await _store.Factory.CreateDbContextAsync())
        {
            var province = Province();
            province["groups"]![0]!["criteria"]![0]!["kpi"] = "khong-con-trong-danh-muc";
            db.RubricFiles.Add(new RubricFile { Code = "quang-nam-xa-2026", FileName = "quang-nam-2026.json", Json = province.ToJsonString() });
            await db.SaveChangesAsync();
        }
        var registry = await StartAsync();
        Assert.Null(registry.Find("quang-nam-xa-2026"));
        Assert.Equal("quang-nam-2026.json", Assert.Single(registry.Problems).File);
        Assert.Equal(2, registry.All.Count);
    }

    public void Dispose() => _store.Dispose();
}
